package io.cairnmq.samples.perf;

/**
 * Counts latencies in buckets that keep about 1 % precision from 1 µs to 100 s, in fixed
 * memory, so that long runs can be measured without storing every sample.
 */
final class LatencyHistogram {

    /** Sub-buckets per power of two: resolution is 1/64 of the value (~1.6 %). */
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int POWERS = 40;

    private final long[] counts = new long[POWERS * SUB_BUCKETS];
    private long total;
    private long max;

    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return max;
    }

    /** The smallest recorded value at or above the given fraction of samples (upper bucket edge). */
    long percentileNanos(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    private static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int power = 63 - Long.numberOfLeadingZeros(value) - SUB_BUCKET_BITS + 1;
        int sub = (int) (value >>> power) - SUB_BUCKETS / 2;
        int index = power * SUB_BUCKETS / 2 + SUB_BUCKETS / 2 + sub;
        return Math.min(index, POWERS * SUB_BUCKETS - 1);
    }

    private static long upperEdge(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int power = (index - SUB_BUCKETS / 2) / (SUB_BUCKETS / 2);
        int sub = (index - SUB_BUCKETS / 2) % (SUB_BUCKETS / 2) + SUB_BUCKETS / 2;
        return ((long) (sub + 1) << power) - 1;
    }
}
