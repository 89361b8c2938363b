package io.cairnmq.engine.hz.member;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller threads: a task goes straight to an idle thread, the one idle most recently (its
 * caches are warm, and the others can time out), or to a new thread, up to a bound; past the
 * bound it waits in a queue that the busy threads drain as they finish.
 *
 * <p>Why not a fixed pool on a queue: such a pool starts a new thread for every task until it
 * has them all, then hands tasks round the whole set in turn, each to a cold thread. On a
 * persistent send and its consumer's acknowledgement, that delay was enough for the journal to
 * write the message before the acknowledgement could cancel it in the same group: twice the
 * disk commits, half the throughput (measured with one producer and one consumer).
 */
final class CallerPool extends ThreadPoolExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(CallerPool.class);

    /** Tasks that came while every thread was busy. */
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /** Has an idle thread take the waiting tasks; dropped when none is idle (the busy ones will). */
    private final Runnable drain = this::runWaiting;

    CallerPool(String namePrefix, int maxThreads) {
        super(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons(namePrefix));
        setRejectedExecutionHandler((task, pool) -> ((CallerPool) pool).refused(task));
    }

    private static java.util.concurrent.ThreadFactory daemons(String namePrefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, namePrefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void refused(Runnable task) {
        if (isShutdown()) {
            throw new RejectedExecutionException("The engine's caller threads are shut down");
        }
        if (task == drain) {
            return;
        }
        waiting.add(task);
        // A thread may have gone idle after the refusal and before the task was queued.
        execute(drain);
    }

    @Override
    protected void afterExecute(Runnable finished, Throwable failure) {
        runWaiting();
    }

    private void runWaiting() {
        Runnable next;
        while ((next = waiting.poll()) != null) {
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error("A task of the engine's caller threads failed", e);
            }
        }
    }
}
