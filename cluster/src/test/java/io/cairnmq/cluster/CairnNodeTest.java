package io.cairnmq.cluster;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes started from their configuration files form one broker. */
@Timeout(60)
class CairnNodeTest {

    @TempDir
    Path dir;

    @Test
    void twoNodesFromConfigFilesShareTheirQueues() throws IOException {
        int portA = freePort();
        int portB = freePort();
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
    void aBadConfigurationNamesTheKeyAndTheValue() throws IOException {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "name=x\nbackups=many\n");
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> NodeConfigFile.read(bad));
        assertTrue(e.getMessage().contains("backups=many"), e.getMessage());
        Path nameless = dir.resolve("nameless.properties");
        Files.writeString(nameless, "port=1\n");
        assertThrows(EngineConfigException.class, () -> NodeConfigFile.read(nameless));
    }

    private Path file(String name, String cluster, int port, String members) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, String.join("\n",
                "name=" + name,
                "cluster=" + cluster,
                "port=" + port,
                "members=" + members,
                "dataDir=" + dir.resolve("data-" + name)));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
