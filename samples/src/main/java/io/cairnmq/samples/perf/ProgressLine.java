package io.cairnmq.samples.perf;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Prints elapsed time, totals and the last second's rates once a second. */
final class ProgressLine implements Runnable {

    private final long start;
    private final AtomicLong sent;
    private final AtomicLong received;
    private long lastSent;
    private long lastReceived;

    ProgressLine(long start, AtomicLong sent, AtomicLong received) {
        this.start = start;
        this.sent = sent;
        this.received = received;
    }

    @Override
    public void run() {
        long s = sent.get();
        long r = received.get();
        System.out.printf("  %3ds  sent %,d (%,d/s)  received %,d (%,d/s)%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), s, s - lastSent, r, r - lastReceived);
        lastSent = s;
        lastReceived = r;
    }
}
