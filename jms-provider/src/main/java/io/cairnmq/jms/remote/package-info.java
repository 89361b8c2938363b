/**
 * The remote engine: the engine API over the network to a node's front end
 * ({@code tcp://} and {@code ssl://} URLs), so that the JMS classes work unchanged against a
 * cluster of broker nodes. Consumers are pushed messages within their prefetch credit, producers
 * pipeline non-persistent sends within a window, and {@link io.cairnmq.jms.remote.FailoverConnection}
 * carries a connection over to another node when its node is lost.
 */
package io.cairnmq.jms.remote;
