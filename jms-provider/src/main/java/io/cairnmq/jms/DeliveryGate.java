package io.cairnmq.jms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A connection's started/stopped state: consumers wait here while it is stopped. */
final class DeliveryGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private boolean started;
    private boolean closed;

    void start() {
        set(true);
    }

    void stop() {
        set(false);
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isStarted() {
        return started;
    }

    /**
     * Waits until the connection is started.
     *
     * @param deadlineNanos {@link System#nanoTime()} to give up at, or {@link Long#MAX_VALUE}
     * @return whether it is started (false on time-out, close or interrupt)
     */
    boolean awaitStarted(long deadlineNanos) {
        lock.lock();
        try {
            while (!started && !closed) {
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (left == Long.MAX_VALUE) {
                    opened.await();
                } else {
                    opened.awaitNanos(Math.min(left, TimeUnit.DAYS.toNanos(1)));
                }
            }
            return started && !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void set(boolean value) {
        lock.lock();
        try {
            started = value;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
