package io.cairnmq.cluster;

import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A running broker node: its member, joined to the cluster, and the {@link NodeService}s it runs
 * beside it. {@link NodeMain} runs one as a process.
 */
public final class CairnNode {

    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    private final NodeConfig config;
    private final Engine engine;
    /** The services started so far, in the order they started. */
    private final List<NodeService> services = new ArrayList<>();
    private boolean stopped;

    private CairnNode(NodeConfig config, Engine engine) {
        this.config = config;
        this.engine = engine;
    }

    /** Starts a node with the services found on the class path (see {@link NodeService}). */
    public static CairnNode start(NodeConfig config) {
        return start(config, ServiceLoader.load(NodeService.class, CairnNode.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** Starts a node: joins its member to the cluster, then starts these services in order. */
    public static CairnNode start(NodeConfig config, List<NodeService> services) {
        CairnNode node = new CairnNode(config, Engines.obtain(config.broker()));
        try {
            for (NodeService service : services) {
                service.start(node);
                node.services.add(service);
            }
        } catch (RuntimeException e) {
            node.stop();
            throw e;
        }
        return node;
    }

    public NodeConfig config() {
        return config;
    }

    public Engine engine() {
        return engine;
    }

    public String name() {
        return config.name();
    }

    /** {@code READY CairnMQ node NAME} and what each service describes, separated by spaces. */
    public String readyLine() {
        StringBuilder line = new StringBuilder("READY CairnMQ node ").append(name());
        services.forEach(s -> line.append(' ').append(s.describe()));
        return line.toString();
    }

    /**
     * Stops the services, newest first, then leaves the cluster gracefully (Hazelcast hands this
     * member's partitions to the others first); idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = services.size() - 1; i >= 0; i--) {
            NodeService service = services.get(i);
            try {
                service.stop();
            } catch (RuntimeException e) {
                // The member still leaves gracefully: a failing service must not cost its partitions.
                LOG.warn("Node {}: stopping {} failed; leaving the cluster anyway", name(), service.getClass().getName(), e);
            }
        }
        Engines.shutdown(engine.name());
    }
}
