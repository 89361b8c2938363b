package io.cairnmq.samples.perf;

import java.util.concurrent.TimeUnit;

/** What one measured run achieved. */
record PerfResult(PerfOptions options, long received, long elapsedNanos, LatencyHistogram latency) {

    double messagesPerSecond() {
        return received / (elapsedNanos / 1e9);
    }

    String summary() {
        String unit = options.topic() != null ? "deliveries" : "msgs";
        return String.format("result: %,d %s in %.2f s = %,.0f %s/s; latency us p50 %s  p99 %s  p99.9 %s  max %s",
                received, unit, elapsedNanos / 1e9, messagesPerSecond(), unit,
                micros(latency.percentileNanos(0.50)), micros(latency.percentileNanos(0.99)),
                micros(latency.percentileNanos(0.999)), micros(latency.maxNanos()));
    }

    private static String micros(long nanos) {
        return String.format("%,.1f", nanos / (double) TimeUnit.MICROSECONDS.toNanos(1));
    }
}
