/**
 * The engine's contract with its callers: connections, producers, consumers, destinations,
 * send, lease/receive, acknowledge and release, and the small family of unchecked engine
 * exceptions. Nothing here knows of {@code jakarta.jms} or of the storage technology; the
 * JMS provider and the cluster front end use only this package.
 *
 * <p>How the rest of JMS maps onto it, as it is added: a transacted session buffers its sends
 * and its deliveries, then commits by sending the batch and acknowledging the deliveries, or
 * rolls back by releasing them (redelivered); CLIENT_ACKNOWLEDGE uses
 * {@link io.cairnmq.engine.api.EngineConsumer#acknowledge} and
 * {@link io.cairnmq.engine.api.EngineConsumer#flushAcknowledgements} on everything the session
 * consumed, and {@code recover} releases it. A topic is a destination whose sends fan out into
 * its subscriptions, each of which is a queue to this API; a browser reads a destination's
 * ready messages without leasing them.
 */
package io.cairnmq.engine.api;
