/**
 * The Jakarta Messaging classes: connection factory, connection, session, producer and
 * consumer. They know the JMS rules and talk to the broker only through the engine API
 * ({@code io.cairnmq.engine.api}).
 */
package io.cairnmq.jms;
