/**
 * A runnable broker node: reads one node configuration file ({@link io.cairnmq.cluster.NodeConfigFile},
 * the broker options and the node-only ones of {@link io.cairnmq.cluster.NodeConfigParser}), starts
 * the member and the {@link io.cairnmq.cluster.NodeService}s beside it (found with
 * {@link java.util.ServiceLoader}, such as the network front end), and on SIGTERM or Ctrl-C stops
 * them and leaves the cluster gracefully (handing its partitions to the other members first),
 * within a time limit ({@link io.cairnmq.cluster.Leaving}); and the node's commands for operators
 * ({@code hash-password}: a user's lines for the user store).
 */
package io.cairnmq.cluster;
