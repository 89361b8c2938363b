package io.cairnmq.jms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls in progress on an object so that its {@code close} can return only once
 * they have (JMS: "close blocks until a receive in progress has completed"). The calls must
 * already have been told to end; the wait is bounded all the same, since a close that never
 * returns would be worse than one that returns a moment early. Counting is a single atomic
 * step per call: a receive pays no lock for it.
 */
final class CallsInProgress {

    /** Longest a close waits for the calls it ended; they normally return at once. */
    private static final long MAX_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final AtomicInteger running = new AtomicInteger();
    /** Set once someone waits: only then does the last call to end need to wake it. */
    private volatile boolean awaited;

    void begin() {
        running.incrementAndGet();
    }

    void end() {
        if (running.decrementAndGet() == 0 && awaited) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Returns once no call is in progress, or after {@link #MAX_WAIT_MILLIS}; keeps an interrupt. */
    synchronized void awaitNone() {
        awaited = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        boolean interrupted = false;
        while (running.get() > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
