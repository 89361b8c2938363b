package io.cairnmq.samples.perf;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTwoPercentOfTheExactOnes() {
        Random random = new Random(42);
        long[] samples = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.exp(random.nextDouble() * 20);
            histogram.record(samples[i]);
        }
        Arrays.sort(samples);
        for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = samples[(int) Math.ceil(p * samples.length) - 1];
            long estimate = histogram.percentileNanos(p);
            assertTrue(estimate >= exact && estimate <= exact * 1.02 + 1,
                    () -> "p" + p + ": exact " + exact + ", estimate " + estimate);
        }
        assertEquals(samples[samples.length - 1], histogram.maxNanos());
        assertEquals(samples.length, histogram.count());
    }

    @Test
    void mergedHistogramsCountEverything() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(1_000_000);
        a.add(b);
        assertEquals(2, a.count());
        assertEquals(1_000_000, a.percentileNanos(1.0));
        assertEquals(10, a.percentileNanos(0.5));
    }
}
