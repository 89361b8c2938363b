package io.cairnmq.cluster.frontend;

import io.cairnmq.cluster.CairnNode;
import io.cairnmq.cluster.ClientListenerConfig;
import io.cairnmq.cluster.NodeService;
import io.cairnmq.cluster.TlsFiles;
import io.cairnmq.protocol.TlsContexts;
import io.netty.handler.ssl.ClientAuth;

/**
 * Runs the front end on a node whose configuration has a client listener ({@code clientPort}),
 * found by the node through {@link java.util.ServiceLoader}.
 */
public final class FrontEndService implements NodeService {

    /** Engine calls of all clients at once; more wait their turn (and slow their clients down). */
    static final int WORKER_THREADS = 64;
    /** Frames one connection may have waiting before the node stops reading from it. */
    static final int MAX_QUEUED_FRAMES = 1024;

    private FrontEnd frontEnd;
    private String describe = "clients=none";

    @Override
    public void start(CairnNode node) {
        ClientListenerConfig clients = node.config().clients();
        if (clients == null) {
            return;
        }
        FrontEndSettings settings = new FrontEndSettings(clients.host(), clients.port(), tls(clients.tls()),
                clients.heartbeatMillis(), clients.maxConnections(), clients.maxFrameBytes(), WORKER_THREADS,
                MAX_QUEUED_FRAMES, clients.maxTransactionBytes());
        frontEnd = FrontEnd.start(node.engine(), settings, NodeSecurity.of(node.config().broker()));
        describe = "clients=" + clients.host() + ":" + frontEnd.address().getPort();
    }

    private static io.netty.handler.ssl.SslContext tls(TlsFiles files) {
        if (files == null) {
            return null;
        }
        ClientAuth auth = switch (files.clientAuth()) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.OPTIONAL;
            case NEED -> ClientAuth.REQUIRE;
        };
        return TlsContexts.server(files.keyStore(), files.keyStorePassword(), files.trustStore(),
                files.trustStorePassword(), auth);
    }

    @Override
    public void stop() {
        if (frontEnd != null) {
            frontEnd.close();
        }
    }

    @Override
    public String describe() {
        return describe;
    }
}
