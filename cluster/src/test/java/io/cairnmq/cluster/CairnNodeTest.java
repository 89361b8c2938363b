package io.cairnmq.cluster;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nodes started from their configuration files: one broker, and the services each runs. */
@Timeout(60)
class CairnNodeTest {

    @TempDir
    Path dir;

    @Test
    void twoNodesFromConfigFilesShareTheirQueues() throws IOException {
        int[] ports = FreePorts.take("127.0.0.1", 2);
        int portA = ports[0];
        int portB = ports[1];
        String cluster = "node-test-" + UUID.randomUUID();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        CairnNode a = CairnNode.start(NodeConfigFile.read(file("a", cluster, portA, members)));
        CairnNode b = null;
        try {
            b = CairnNode.start(NodeConfigFile.read(file("b", cluster, portB, members)));
            assertTrue(Files.isDirectory(dir.resolve("data-b")), "each node has its data directory");
            DestinationName queue = DestinationName.queue("shared");
            try (EngineConnection onA = a.engine().connect(ConnectionListener.IGNORE)) {
                onA.openProducer().send(queue, MessageRecord.builder("m1").body(new byte[] {1}).build());
            }
            CairnNode nodeB = b;
            await().until(() -> nodeB.engine().stats(queue).depth() == 1);
            try (EngineConnection onB = b.engine().connect(ConnectionListener.IGNORE)) {
                Delivery d = onB.openConsumer(ConsumerSpec.of(queue)).receive(10_000, true);
                assertEquals("m1", d.message().id());
            }
        } finally {
            if (b != null) {
                b.stop();
            }
            a.stop();
        }
    }

    @Test
    void servicesStartAfterTheMemberJoinedAndStopBeforeItLeaves() throws IOException {
        List<String> events = new ArrayList<>();
        NodeConfig config = NodeConfigFile.read(file("svc", "svc-" + UUID.randomUUID(), 0, ""));
        CairnNode node = CairnNode.start(config, List.of(new RecordingService("first", events, false),
                new RecordingService("second", events, false)));
        try {
            assertEquals("READY CairnMQ node svc first=up second=up", node.readyLine());
        } finally {
            node.stop();
        }
        node.stop();

        assertEquals(List.of("start first member running=true", "start second member running=true",
                "stop second member running=true", "stop first member running=true"), events);
        assertNull(Engines.find("svc"), "the member left after its services stopped");
    }

    @Test
    void aServiceThatCannotStartStopsTheNode() throws IOException {
        List<String> events = new ArrayList<>();
        NodeConfig config = NodeConfigFile.read(file("svc", "svc-" + UUID.randomUUID(), 0, ""));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CairnNode.start(config,
                List.of(new RecordingService("first", events, false), new RecordingService("second", events, true))));

        assertEquals("second cannot bind", e.getMessage());
        assertEquals(List.of("start first member running=true", "stop first member running=true"), events);
        assertNull(Engines.find("svc"));
    }

    private Path file(String name, String cluster, int port, String members) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, String.join("\n",
                "name=" + name,
                "cluster=" + cluster,
                "port=" + port,
                "members=" + members,
                // Each node's front end on a free port: no fixed ports in tests.
                "clientPort=0",
                "dataDir=" + dir.resolve("data-" + name)));
        return file;
    }

    /** Records what it sees when started and stopped; with {@code failing}, refuses to start. */
    private static final class RecordingService implements NodeService {

        private final String name;
        private final List<String> events;
        private final boolean failing;

        RecordingService(String name, List<String> events, boolean failing) {
            this.name = name;
            this.events = events;
            this.failing = failing;
        }

        @Override
        public void start(CairnNode node) {
            if (failing) {
                throw new IllegalStateException(name + " cannot bind");
            }
            events.add("start " + name + " member running=" + node.engine().isRunning());
        }

        @Override
        public void stop() {
            events.add("stop " + name + " member running=" + (Engines.find("svc") != null));
        }

        @Override
        public String describe() {
            return name + "=up";
        }
    }
}
