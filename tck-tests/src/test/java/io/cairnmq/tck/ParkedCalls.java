package io.cairnmq.tck;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Runs blocking calls (a receive, a close) on threads of their own and returns once each is
 * parked in its call, so that a test can change the state the call waits on afterwards, never
 * before. Closing it ends the threads.
 */
public final class ParkedCalls implements AutoCloseable {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** Starts the call on another thread; returns once that thread waits inside it, and fails if it never did. */
    public <T> Future<T> start(Callable<T> call) {
        return start(call, new AtomicReference<>());
    }

    /** As {@link #start}, and hands over the thread, for a test that interrupts it. */
    public <T> Future<T> start(Callable<T> call, AtomicReference<Thread> thread) {
        Future<T> result = threads.submit(() -> {
            thread.set(Thread.currentThread());
            return call.call();
        });
        await().until(() -> result.isDone() || isParked(thread.get()));
        if (result.isDone()) {
            throw new AssertionError("the call returned before it waited: the test would prove nothing");
        }
        return result;
    }

    private static boolean isParked(Thread t) {
        return t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a parked call did not end within 10 seconds of its interrupt");
        }
    }
}
