package io.cairnmq.cluster;

import io.cairnmq.protocol.Protocol;

import java.util.Objects;

/**
 * Where and how a node listens for JMS clients (read by the network front end).
 *
 * @param host            interface the client port binds to
 * @param port            the client port; 0 picks a free one (the front end reports the one it got)
 * @param tls             the stores of a TLS port; null for plain TCP
 * @param heartbeatMillis how often each side of a connection sends something; a peer silent for
 *                        {@link Protocol#MISSED_HEARTBEATS} intervals counts as dead
 * @param maxConnections  client connections the node accepts at once; more are refused
 * @param maxFrameBytes   largest frame a client may send; a larger one closes its connection
 * @param maxTransactionBytes the most a client's transactions being committed in parts may hold
 *                        on the node at once (per connection)
 */
public record ClientListenerConfig(String host, int port, TlsFiles tls, long heartbeatMillis, int maxConnections,
                                   int maxFrameBytes, long maxTransactionBytes) {

    public ClientListenerConfig {
        Objects.requireNonNull(host, "host");
    }

    /** Whether the client port speaks TLS. */
    public boolean usesTls() {
        return tls != null;
    }

    /** How long a connection's peer may stay silent before it counts as dead. */
    public long deadAfterMillis() {
        return heartbeatMillis * Protocol.MISSED_HEARTBEATS;
    }
}
