/**
 * The Jakarta Messaging classes: connection factory, connection, session, producer and
 * consumer. They know the JMS rules and talk to the broker only through the engine API
 * ({@code io.cairnmq.engine.api}). The session leaves its jobs to parts of its own, which do
 * not call back into it: {@code MessageFactory} (new messages and named destinations),
 * {@code AsyncSends} (asynchronous sends), {@code Settlement} (transactions and
 * acknowledgement, over {@code SessionConsumers}) and {@code ListenerDispatch} (message
 * listeners). The {@code CairnXA...} classes are the XA flavour an application server or a
 * transaction manager uses; their branches live in {@code io.cairnmq.jms.xa}.
 */
package io.cairnmq.jms;
