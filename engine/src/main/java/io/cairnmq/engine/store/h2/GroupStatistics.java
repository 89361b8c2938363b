package io.cairnmq.engine.store.h2;

import java.util.Arrays;

/**
 * How the journal's group commits went: how many appends (a producer's send, a consumer's
 * acknowledgement, a transaction's step) each group served, how many records it wrote, and how
 * long writing and forcing it took. The writer thread alone records; it logs a line at debug
 * level every interval in which groups were written, so that group sizes can be watched under
 * load without a profiler.
 */
final class GroupStatistics {

    /** Upper bounds of the buckets of appends per group: 1, 2, 3-4, 5-8, ... 65-128, more. */
    private static final int[] BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128};

    /** Totals since the journal opened, and since the last line logged. */
    private final Totals total = new Totals();
    private Totals interval = new Totals();
    private long intervalStart = System.nanoTime();

    private static final class Totals {
        long groups;
        long appends;
        long records;
        long writeNanos;
        long maxWriteNanos;
        long forces;
        long forceNanos;
        long maxForceNanos;
        int maxAppends;
        final long[] buckets = new long[BOUNDS.length + 1];

        void add(int appends, int records, long writeNanos) {
            groups++;
            this.appends += appends;
            this.records += records;
            this.writeNanos += writeNanos;
            maxWriteNanos = Math.max(maxWriteNanos, writeNanos);
            maxAppends = Math.max(maxAppends, appends);
            buckets[bucket(appends)]++;
        }

        void addForce(long nanos) {
            forces++;
            forceNanos += nanos;
            maxForceNanos = Math.max(maxForceNanos, nanos);
        }
    }

    /** A group was committed: the appends it served, the records it wrote (net of those that cancelled), and how long that took. */
    synchronized void recordGroup(int appends, int records, long writeNanos) {
        total.add(appends, records, writeNanos);
        interval.add(appends, records, writeNanos);
    }

    /** The file was forced to the device (covering every group committed before). */
    synchronized void recordForce(long nanos) {
        total.addForce(nanos);
        interval.addForce(nanos);
    }

    /**
     * The line for the interval, once {@code intervalNanos} have passed since the last one and
     * groups were written meanwhile; null otherwise. Starts the next interval when it returns one.
     */
    synchronized String intervalLine(long intervalNanos) {
        long now = System.nanoTime();
        if (now - intervalStart < intervalNanos || interval.groups == 0) {
            return null;
        }
        String line = describe(interval, now - intervalStart);
        interval = new Totals();
        intervalStart = now;
        return line;
    }

    synchronized long groups() {
        return total.groups;
    }

    synchronized long appends() {
        return total.appends;
    }

    synchronized int largestGroup() {
        return total.maxAppends;
    }

    /** Groups by appends served: index i counts groups of up to {@code BOUNDS[i]} (past the last: more). */
    synchronized long forces() {
        return total.forces;
    }

    synchronized long[] histogram() {
        return Arrays.copyOf(total.buckets, total.buckets.length);
    }

    static int bucket(int appends) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (appends <= BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length;
    }

    private static String describe(Totals t, long elapsedNanos) {
        StringBuilder histogram = new StringBuilder();
        int lower = 1;
        for (int i = 0; i <= BOUNDS.length; i++) {
            if (t.buckets[i] > 0) {
                String range = i == BOUNDS.length ? ">" + BOUNDS[i - 1]
                        : lower == BOUNDS[i] ? String.valueOf(lower) : lower + "-" + BOUNDS[i];
                histogram.append(histogram.isEmpty() ? "" : " ").append(range).append(':').append(t.buckets[i]);
            }
            lower = i < BOUNDS.length ? BOUNDS[i] + 1 : lower;
        }
        String forces = t.forces == 0 ? "no forces" : String.format("%d forces, ms mean %.3f max %.3f", t.forces,
                t.forceNanos / 1e6 / t.forces, t.maxForceNanos / 1e6);
        return String.format("%d groups in %.1f s, appends per group mean %.1f max %d [%s], records per group %.1f,"
                        + " write ms mean %.3f max %.3f; %s",
                t.groups, elapsedNanos / 1e9, (double) t.appends / t.groups, t.maxAppends, histogram,
                (double) t.records / t.groups, t.writeNanos / 1e6 / t.groups, t.maxWriteNanos / 1e6, forces);
    }
}
