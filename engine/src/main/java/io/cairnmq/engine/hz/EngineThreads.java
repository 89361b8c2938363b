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
