package io.cairnmq.samples.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backlog run ({@code --backlog}) shows besides its drain rate: how fast the backlog was
 * produced, the heap it holds once a collection has run, and the heap's peak over the run
 * (sampled every 10 ms).
 */
final class BacklogFigures {

    private static final long MIB = 1024 * 1024;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "perf-heap-sampler");
        t.setDaemon(true);
        return t;
    });
    private long produced;
    private long produceNanos;
    private long heapAfterGc;

    /** Starts watching the heap's peak from now. */
    BacklogFigures() {
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 10, TimeUnit.MILLISECONDS);
    }

    /** Every message is queued: notes the produce rate and the heap the backlog holds after a collection. */
    void produced(long count, long nanos) {
        produced = count;
        produceNanos = nanos;
        System.gc();
        heapAfterGc = memory.getHeapMemoryUsage().getUsed();
    }

    /** The figures of the whole run, once the backlog is drained; stops watching the heap. */
    String summary(long drained, long drainNanos) {
        sampler.shutdownNow();
        return String.format("backlog: produced %,d in %.2f s = %,.0f msgs/s; heap after GC with the backlog %,d MiB;"
                        + " drained %,d in %.2f s = %,.0f msgs/s; heap peak %,d MiB"
                        + " of %,d MiB max",
                produced, produceNanos / 1e9, produced / (produceNanos / 1e9), heapAfterGc / MIB,
                drained, drainNanos / 1e9, drained / (drainNanos / 1e9), peak.get() / MIB,
                Runtime.getRuntime().maxMemory() / MIB);
    }
}
