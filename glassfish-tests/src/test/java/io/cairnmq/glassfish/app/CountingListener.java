package io.cairnmq.glassfish.app;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's bean: counts deliveries and notes the time of the first and the last. Its
 * destination, maxSession and transaction attribute come from the descriptor the benchmark
 * writes for each of its runs.
 */
public class CountingListener implements MessageListener {

    /** Read by the benchmark, which shares this class with the application (the server loads parent first). */
    public static final AtomicLong DELIVERED = new AtomicLong();
    public static final AtomicLong FIRST_NANOS = new AtomicLong();
    public static final AtomicLong LAST_NANOS = new AtomicLong();

    @Override
    public void onMessage(Message message) {
        long now = System.nanoTime();
        if (DELIVERED.getAndIncrement() == 0) {
            FIRST_NANOS.set(now);
        }
        LAST_NANOS.accumulateAndGet(now, Math::max);
    }

    public static void reset() {
        DELIVERED.set(0);
        FIRST_NANOS.set(0);
        LAST_NANOS.set(0);
    }
}
