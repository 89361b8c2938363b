package io.cairnmq.jms.remote;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a remote connection goes and how it behaves, from a {@code tcp://} or {@code ssl://} URL.
 *
 * @param nodes                 the nodes to try, in order
 * @param tls                   whether to speak TLS ({@code ssl://})
 * @param trustStore            PKCS12 file of the certificates to trust, or null for the JDK's
 * @param keyStore              PKCS12 file of this client's own key, or null
 * @param verifyHostname        whether the node's certificate must name the host connected to
 * @param heartbeatMillis       how often the client sends a heartbeat when idle
 * @param connectTimeoutMillis  how long one attempt to reach a node may take
 * @param callTimeoutMillis     how long a request may wait for its answer
 * @param reconnectAttempts     rounds over the nodes after a connection is lost before giving up;
 *                              0 turns failover off
 * @param reconnectDelayMillis  the wait after the first round, doubled after each further round
 * @param maxReconnectDelayMillis the longest wait between rounds
 * @param sendWindow            non-persistent messages a producer may have on their way
 */
public record RemoteConfig(List<Node> nodes, boolean tls, Path trustStore, char[] trustStorePassword,
                           Path keyStore, char[] keyStorePassword, boolean verifyHostname, long heartbeatMillis,
                           long connectTimeoutMillis, long callTimeoutMillis, int reconnectAttempts,
                           long reconnectDelayMillis, long maxReconnectDelayMillis, int sendWindow) {

    /** One node's client address. */
    public record Node(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public RemoteConfig {
        nodes = List.copyOf(nodes);
    }

    @Override
    public String toString() {
        // Never the passwords.
        return (tls ? "ssl://" : "tcp://") + nodes;
    }
}
