/**
 * The engine's contract with its callers: connections, producers, consumers, destinations,
 * send, lease/receive, acknowledge and release, and the small family of unchecked engine
 * exceptions. Nothing here knows of {@code jakarta.jms} or of the storage technology; the
 * JMS provider and the cluster front end use only this package.
 */
package io.cairnmq.engine.api;
