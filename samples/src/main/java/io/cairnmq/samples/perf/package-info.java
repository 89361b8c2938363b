/**
 * The performance tool: producers and consumers on one queue through the JMS API, with a
 * progress line while running and throughput and latency percentiles at the end.
 */
package io.cairnmq.samples.perf;
