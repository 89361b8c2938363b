package io.cairnmq.engine.hz;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's own threads, which run completions of shard operations and wake-ups so that
 * Hazelcast's partition and event threads are never blocked by engine work.
 */
final class EngineThreads {

    private EngineThreads() {
    }

    /**
     * Threads that run shard operations as blocking calls, one per operation in flight. They
     * block only while Hazelcast works (or retries, during a fail-over), so their number
     * follows the operations in flight; idle ones go away.
     */
    static ExecutorService callers(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + "-call-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return pool;
    }

    /** One daemon thread for one-shot timers (a delayed message falling due); idle, it waits. */
    static java.util.concurrent.ScheduledExecutorService timer(String prefix) {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread t = new Thread(r, prefix + "-timer");
                    t.setDaemon(true);
                    return t;
                });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** One daemon thread for one kind of background work, in order; it goes away when idle. */
    static ExecutorService single(String name) {
        ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        single.allowCoreThreadTimeOut(true);
        return single;
    }

    static ExecutorService pool(String prefix) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        // Idle threads go away, so an idle broker holds no runnable threads of ours.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
