package io.cairnmq.tck;

import io.cairnmq.cluster.frontend.FrontEnd;
import io.cairnmq.cluster.frontend.FrontEndSettings;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.Engines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Broker nodes in this JVM, each a member of one cluster with its own front end on a free port
 * of 127.0.0.1. The first node has the name given, so that tests can read the broker's state
 * through {@link Engines#find}.
 */
public final class RemoteNodes implements AutoCloseable {

    private final List<String> names = new ArrayList<>();
    private final List<FrontEnd> frontEnds = new ArrayList<>();

    private RemoteNodes() {
    }

    public static RemoteNodes start(String name, Path dataDir, int count) {
        return start(name, dataDir, count, Map.of());
    }

    /** As {@link #start(String, Path, int)}, each node with these broker options as well. */
    public static RemoteNodes start(String name, Path dataDir, int count, Map<String, String> brokerOptions) {
        RemoteNodes nodes = new RemoteNodes();
        MemberPorts ports = MemberPorts.plan(count);
        try {
            for (int i = 0; i < count; i++) {
                String node = i == 0 ? name : name + "-" + i;
                Engine engine = ports.start(i, (port, members) -> {
                    Map<String, String> options = new java.util.HashMap<>(brokerOptions);
                    options.putAll(Map.of("cluster", name, "port", String.valueOf(port), "members", members,
                            "dataDir", dataDir.resolve(node).toString()));
                    return Engines.obtain(BrokerConfigParser.parse(node, options));
                });
                nodes.names.add(node);
                nodes.frontEnds.add(FrontEnd.start(engine, FrontEndSettings.plain("127.0.0.1", 0, 11 << 20)));
            }
        } catch (Exception e) {
            nodes.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return nodes;
    }

    /** A URL naming every node, the first first. */
    public String url() {
        return "tcp://" + frontEnds.stream().map(f -> "127.0.0.1:" + f.address().getPort())
                .collect(Collectors.joining(","));
    }

    public List<FrontEnd> frontEnds() {
        return frontEnds;
    }

    @Override
    public void close() {
        frontEnds.forEach(FrontEnd::close);
        names.forEach(Engines::shutdown);
    }

}
