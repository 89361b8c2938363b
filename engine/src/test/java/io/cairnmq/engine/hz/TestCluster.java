package io.cairnmq.engine.hz;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.hz.member.InjectedFailures;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.ShardKey;

import io.cairnmq.engine.net.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Engines on loopback in this JVM, on free ports, forming one cluster; closes them all. */
final class TestCluster implements AutoCloseable {

    /** Small memory limits and the journal's write policy: most of a backlog of a few MiB is on disk. */
    static final Map<String, String> SMALL_MEMORY = Map.of("memoryLimit", "2m", "destinationMemoryLimit", "256k",
            "journal", "write");

    private final List<HzEngine> engines = new ArrayList<>();
    private final List<Map<String, String>> options = new ArrayList<>();

    private TestCluster() {
    }

    /** Starts {@code size} members; with size 1 the member joins nobody. */
    static TestCluster start(int size, Path dataDir, Map<String, String> extra) {
        TestCluster cluster = prepare(size, dataDir, extra);
        try {
            for (int i = 0; i < size; i++) {
                cluster.startMember(i);
            }
            cluster.awaitMembers(size);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Plans {@code size} members (ports, data directories) without starting any: each starts
     * with {@link #startMember}, and starts again on the same port and data directory after it
     * stopped.
     */
    static TestCluster prepare(int size, Path dataDir, Map<String, String> extra) {
        TestCluster cluster = new TestCluster();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(FreePorts.take("127.0.0.1"));
        }
        String clusterName = "test-" + UUID.randomUUID();
        String members = size == 1 ? "" : ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int i = 0; i < size; i++) {
            Map<String, String> options = new HashMap<>(extra);
            options.put("cluster", clusterName);
            options.put("port", String.valueOf(ports.get(i)));
            options.put("dataDir", dataDir.resolve("m" + i).toString());
            if (!members.isEmpty()) {
                options.put("members", members);
            }
            cluster.options.add(options);
            cluster.engines.add(null);
        }
        return cluster;
    }

    /** Starts (or starts again) member {@code index}. */
    HzEngine startMember(int index) {
        return startMember(index, failures -> { });
    }

    /**
     * Starts (or starts again) member {@code index}, with failures of its calls armed before it
     * starts. A port planned free may have been taken since (FreePorts keeps outgoing
     * connections away from it, not another listener): the member then moves to another, at
     * most twice.
     */
    HzEngine startMember(int index, Consumer<InjectedFailures> arm) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(index, arm);
            } catch (RuntimeException e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
                movePort(index, FreePorts.take("127.0.0.1"));
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** Member {@code index} listens on {@code port} from now on; every member's list says so. */
    private void movePort(int index, int port) {
        String old = "127.0.0.1:" + options.get(index).get("port");
        options.get(index).put("port", String.valueOf(port));
        for (Map<String, String> member : options) {
            String members = member.get("members");
            if (members != null) {
                member.put("members", java.util.Arrays.stream(members.split(","))
                        .map(m -> m.equals(old) ? "127.0.0.1:" + port : m).collect(Collectors.joining(",")));
            }
        }
    }

    /** The port member {@code index} listens on (or will). */
    int port(int index) {
        return Integer.parseInt(options.get(index).get("port"));
    }

    private HzEngine startOnce(int index, Consumer<InjectedFailures> arm) {
        String name = "m" + index;
        MemberContext member = new MemberContext(name);
        arm.accept(member.failures());
        HzEngine engine = (HzEngine) new HzEngineFactory().start(BrokerConfigParser.parse(name, options.get(index)),
                member);
        engines.set(index, engine);
        return engine;
    }

    /** Waits until {@code size} members form the cluster and every journal has followed the partition moves. */
    void awaitMembers(int size) {
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> running().size() == size
                && running().get(0).hazelcast().getCluster().getMembers().size() == size
                && running().get(0).hazelcast().getPartitionService().isClusterSafe()
                && running().stream().allMatch(HzEngine::replicasSettled));
    }

    /** The index of the running member that owns the shard. */
    int ownerOf(ShardKey key) {
        HzEngine any = running().get(0);
        com.hazelcast.cluster.Member owner = any.hazelcast().getPartitionService().getPartition(key).getOwner();
        for (int i = 0; i < engines.size(); i++) {
            HzEngine e = engines.get(i);
            if (e != null && e.isRunning() && e.hazelcast().getCluster().getLocalMember().equals(owner)) {
                return i;
            }
        }
        throw new IllegalStateException("no running member owns " + key);
    }

    /** Stops member {@code index} the orderly way: it hands its shards over before it leaves. */
    void stop(int index) {
        engines.get(index).close();
    }

    private List<HzEngine> running() {
        return engines.stream().filter(e -> e != null && e.isRunning()).toList();
    }

    static TestCluster start(int size, Path dataDir) {
        return start(size, dataDir, Map.of());
    }

    HzEngine engine(int index) {
        return engines.get(index);
    }

    /** The failures injected into the calls of member {@code index}. */
    InjectedFailures failures(int index) {
        return engines.get(index).member().failures();
    }

    /** Kills a member the hard way: no migration, no goodbye to the others. */
    void terminate(int index) {
        engines.get(index).hazelcast().getLifecycleService().terminate();
    }

    /** The ids of the messages a queue holds waiting, in delivery order, as a browser on that member sees them. */
    static List<String> browse(HzEngine engine, DestinationName queue) {
        List<String> ids = new ArrayList<>();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineBrowser browser = c.browse(queue, null);
            for (Delivery d = browser.next(); d != null; d = browser.next()) {
                ids.add(d.message().id());
            }
        }
        return ids;
    }

    /** A queue name whose given shard's partition is owned by member {@code owner}. */
    DestinationName queueOwnedBy(int owner, int shard, int shards) {
        Member wanted = engines.get(owner).hazelcast().getCluster().getLocalMember();
        HazelcastInstance any = engines.get(0).hazelcast();
        for (int i = 0; i < 10_000; i++) {
            DestinationName name = DestinationName.queue("q" + i);
            ShardKey key = new ShardKey(name.qualified(), shard);
            if (wanted.equals(any.getPartitionService().getPartition(key).getOwner())) {
                return name;
            }
        }
        throw new IllegalStateException("no queue name maps to member " + owner);
    }

    @Override
    public void close() {
        for (HzEngine engine : engines) {
            if (engine == null) {
                continue;
            }
            try {
                if (engine.hazelcast().getLifecycleService().isRunning()) {
                    engine.hazelcast().getLifecycleService().terminate();
                }
                engine.close();
            } catch (RuntimeException ignored) {
                // already gone: a test terminated it
            }
        }
    }
}
