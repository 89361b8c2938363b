/**
 * A runnable broker node: reads one node configuration file, starts the member, and shuts it
 * down gracefully (handing its partitions to the other members first) when the JVM is asked
 * to stop; and the node's commands for operators ({@code hash-password}: a user's lines for the
 * user store).
 */
package io.cairnmq.cluster;
