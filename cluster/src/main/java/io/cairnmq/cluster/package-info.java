/**
 * A runnable broker node: reads one node configuration file, starts the member, and shuts it
 * down gracefully (handing its partitions to the other members first) when the JVM is asked
 * to stop.
 */
package io.cairnmq.cluster;
