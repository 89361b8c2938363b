package io.cairnmq.engine.hz.member;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's own threads, which run completions of shard operations and wake-ups so that
 * Hazelcast's partition and event threads are never blocked by engine work.
 */
public final class EngineThreads {

    private EngineThreads() {
    }

    /** Most caller threads: operations beyond them wait in the queue for one. */
    static final int MAX_CALLERS = 64;

    /**
     * Threads that run shard operations as blocking calls. They block only while Hazelcast
     * works (or retries, during a fail-over), so they are many, but bounded: past
     * {@link #MAX_CALLERS} operations wait in the queue, and their submitters with them. The
     * queue is bounded by construction rather than by a capacity: each producer has at most one
     * batch per shard in flight, each consumer one lease request and one acknowledgement batch,
     * each transaction one operation per entry it changes, so what waits follows the clients
     * (and a capacity would make Hazelcast's partition and event threads, which start lease
     * requests of waiting consumers, wait for room). Idle threads go away.
     */
    public static ExecutorService callers(String prefix) {
        return warmFirst(prefix + "-call-", MAX_CALLERS);
    }

    /**
     * A bounded pool that gives each task to the thread idle most recently (or a new one, up to
     * {@code maxThreads}; past that tasks wait in a queue the busy threads drain). Threads idle
     * for 30 seconds go away. For work handed over one task at a time, where a fixed pool on a
     * queue would wake its threads in turn, each with cold caches.
     */
    public static ThreadPoolExecutor warmFirst(String namePrefix, int maxThreads) {
        return new CallerPool(namePrefix, maxThreads);
    }

    private static ExecutorService fixed(String namePrefix, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, namePrefix + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One daemon thread for one-shot timers (a delayed message falling due); idle, it waits. */
    public static java.util.concurrent.ScheduledExecutorService timer(String prefix) {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread t = new Thread(r, prefix + "-timer");
                    t.setDaemon(true);
                    return t;
                });
        timer.setRemoveOnCancelPolicy(true);
        // A re-check or retry due later has nothing to do once the engine is gone: shutting down
        // drops it rather than waiting for it.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return timer;
    }

    /** One daemon thread for one kind of background work, in order; it goes away when idle. */
    public static ExecutorService single(String name) {
        return single(name, Integer.MAX_VALUE);
    }

    /**
     * As {@link #single(String)}, with at most {@code capacity} tasks waiting: one more is refused
     * ({@link java.util.concurrent.RejectedExecutionException}), for its submitter to deal with.
     */
    public static ExecutorService single(String name, int capacity) {
        ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        single.allowCoreThreadTimeOut(true);
        return single;
    }

    /**
     * Threads for completions and notifications, as many as cores. What waits for them is
     * bounded like the callers' queue: a notification per consumer, a retry per pending step.
     */
    public static ExecutorService pool(String prefix) {
        return fixed(prefix + "-", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
