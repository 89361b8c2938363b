/**
 * The client protocol of CairnMQ: the frames a remote client and a node's front end exchange,
 * their codec, the handshake, heartbeats and TLS set-up. Both sides use these classes, so that
 * the protocol is written down in one place.
 *
 * <p>A frame is a 4-byte length, then an {@link io.cairnmq.protocol.Op} byte, an 8-byte
 * correlation id (the request a reply answers, or the consumer a delivery is for) and the
 * operation's body. The first frame on a connection is the client's {@code HELLO}; the node
 * answers {@code WELCOME} or {@code REFUSED} and closes.
 */
package io.cairnmq.protocol;
