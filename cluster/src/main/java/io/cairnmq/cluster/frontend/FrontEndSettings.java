package io.cairnmq.cluster.frontend;

import io.netty.handler.ssl.SslContext;

/**
 * How a node's front end listens and what it allows.
 *
 * @param host            the address to listen on
 * @param port            the port, 0 for any free one
 * @param tls             TLS for every connection, or null for plain TCP
 * @param heartbeatMillis how often the node sends a heartbeat to an idle client
 * @param maxConnections  connections beyond this are refused
 * @param maxFrameBytes   a frame larger than this closes its connection
 * @param workerThreads   threads that run engine calls for all clients together
 * @param maxQueuedFrames frames a connection may have waiting for a worker before the node stops
 *                        reading from it
 * @param maxTransactionBytes what a connection's transactions sent in parts (too large for one
 *                        frame) may hold on the node at once
 */
public record FrontEndSettings(String host, int port, SslContext tls, long heartbeatMillis, int maxConnections,
                               int maxFrameBytes, int workerThreads, int maxQueuedFrames, long maxTransactionBytes) {

    /** What a connection's transactions in parts may hold by default. */
    public static final long DEFAULT_MAX_TRANSACTION_BYTES = 64L << 20;

    public FrontEndSettings {
        if (heartbeatMillis < 100) {
            throw new IllegalArgumentException("heartbeatMillis must be at least 100, was " + heartbeatMillis);
        }
        if (maxConnections < 1 || workerThreads < 1 || maxQueuedFrames < 1 || maxFrameBytes < 1024
                || maxTransactionBytes < maxFrameBytes) {
            throw new IllegalArgumentException("front end limits must be positive (maxFrameBytes at least 1024,"
                    + " maxTransactionBytes at least maxFrameBytes)");
        }
    }

    /** Plain TCP on this address with the default limits. */
    public static FrontEndSettings plain(String host, int port, int maxFrameBytes) {
        return new FrontEndSettings(host, port, null, 10_000, 1000, maxFrameBytes, 64, 1024,
                Math.max(DEFAULT_MAX_TRANSACTION_BYTES, maxFrameBytes));
    }

    public FrontEndSettings withTls(SslContext context) {
        return new FrontEndSettings(host, port, context, heartbeatMillis, maxConnections, maxFrameBytes, workerThreads,
                maxQueuedFrames, maxTransactionBytes);
    }

    public FrontEndSettings withHeartbeat(long millis) {
        return new FrontEndSettings(host, port, tls, millis, maxConnections, maxFrameBytes, workerThreads,
                maxQueuedFrames, maxTransactionBytes);
    }

    public FrontEndSettings withMaxConnections(int max) {
        return new FrontEndSettings(host, port, tls, heartbeatMillis, max, maxFrameBytes, workerThreads,
                maxQueuedFrames, maxTransactionBytes);
    }

    public FrontEndSettings withMaxTransactionBytes(long max) {
        return new FrontEndSettings(host, port, tls, heartbeatMillis, maxConnections, maxFrameBytes, workerThreads,
                maxQueuedFrames, max);
    }
}
