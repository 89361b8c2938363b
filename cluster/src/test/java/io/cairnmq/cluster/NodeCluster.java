package io.cairnmq.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.cairnmq.engine.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Node processes of one cluster of their own on 127.0.0.1, and a member in the test's JVM (the
 * probe) that joins them: the probe is how a test sends, counts and consumes while no network
 * client exists. Every member's port is chosen at run time; each member's directory is
 * {@code DIR/NAME}. Closing kills every node, then stops the probe.
 */
final class NodeCluster implements AutoCloseable {

    private static final String PROBE = "probe";

    private final Path dir;
    private final String clusterName = "node-it-" + UUID.randomUUID();
    private final Map<String, String> options;
    private final int[] ports;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private CairnNode probe;

    /**
     * @param size    how many node processes (named n1, n2, ...)
     * @param options broker and node options every member gets
     */
    NodeCluster(Path dir, int size, Map<String, String> options) {
        this.dir = dir;
        this.options = Map.copyOf(options);
        // One more for the probe.
        this.ports = FreePorts.take("127.0.0.1", size + 1);
    }

    /** Starts node {@code i} (1-based) without waiting for it; the options given here win over the cluster's. */
    NodeProcess launch(int i, Map<String, String> own) throws IOException {
        NodeProcess node = NodeProcess.launch(dir.resolve("n" + i), properties("n" + i, ports[i - 1], own));
        nodes.add(node);
        return node;
    }

    /** Starts node {@code i} (1-based) and waits until it is ready. */
    NodeProcess start(int i) throws IOException {
        NodeProcess node = launch(i, Map.of());
        node.awaitReady(NodeProcess.START_TIMEOUT);
        return node;
    }

    /** Joins a member of this JVM to the nodes, from a node configuration file as theirs. */
    CairnNode joinProbe() throws IOException {
        Map<String, String> own = new HashMap<>(properties(PROBE, ports[ports.length - 1], Map.of("clientPort", "none")));
        own.put("dataDir", dir.resolve(PROBE).resolve("data").toString());
        Path file = Files.createDirectories(dir.resolve(PROBE)).resolve("node.properties");
        Files.writeString(file, own.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")).replace('\\', '/'));
        probe = CairnNode.start(NodeConfigFile.read(file), List.of());
        return probe;
    }

    /** How many members the probe sees in its cluster. */
    int size() {
        return probeInstance().map(HazelcastInstance::getCluster).map(c -> c.getMembers().size()).orElse(0);
    }

    /** Whether every partition has its backups again (no migration going on), as the probe sees it. */
    boolean isSafe() {
        return probeInstance().map(hz -> hz.getPartitionService().isClusterSafe()).orElse(false);
    }

    private java.util.Optional<HazelcastInstance> probeInstance() {
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(hz -> hz.getConfig().getClusterName().equals(clusterName)).findFirst();
    }

    @Override
    public void close() {
        try {
            nodes.forEach(NodeProcess::close);
        } finally {
            if (probe != null) {
                probe.stop();
            }
        }
    }

    private Map<String, String> properties(String name, int port, Map<String, String> own) {
        Map<String, String> properties = new LinkedHashMap<>(options);
        properties.put("name", name);
        properties.put("cluster", clusterName);
        properties.put("port", String.valueOf(port));
        properties.put("members", IntStream.of(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
        properties.putAll(own);
        return properties;
    }
}
