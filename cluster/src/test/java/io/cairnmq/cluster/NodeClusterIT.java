package io.cairnmq.cluster;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes run as an operator runs them (each {@code java -jar cairnmq-node.jar node.properties})
 * form one cluster, and one of them asked to stop with SIGTERM leaves it gracefully: it exits 0
 * and every persistent message it held is still there.
 */
class NodeClusterIT {

    private static final int MESSAGES = 200;
    /** A graceful leave hands over the node's partitions and closes its journal: seconds. */
    private static final Duration LEAVE = Duration.ofSeconds(45);
    private static final DestinationName QUEUE = DestinationName.queue("orders");

    /** Kept when a test fails: each node's log is in its directory. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private NodeCluster cluster;

    @AfterEach
    void stopEveryMember() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(150)
    void threeNodesFormOneClusterAndANodeStoppedWithSigtermLeavesWithoutLosingAMessage() throws Exception {
        // 16 shards: the queue's messages spread over partitions of every member, the leaving one's too.
        cluster = new NodeCluster(dir, 3, Map.of("shards", "16", "backups", "1"));
        // The first founds the cluster; the others join it together.
        NodeProcess n1 = cluster.start(1);
        NodeProcess n2 = cluster.launch(2, Map.of());
        NodeProcess n3 = cluster.launch(3, Map.of());
        n2.awaitReady(NodeProcess.START_TIMEOUT);
        n3.awaitReady(NodeProcess.START_TIMEOUT);
        CairnNode probe = cluster.joinProbe();
        await("four members").atMost(Duration.ofSeconds(30)).until(() -> cluster.size() == 4);

        Set<String> sent = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).collect(Collectors.toSet());
        try (EngineConnection connection = probe.engine().connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = connection.openProducer();
            for (String id : sent) {
                producer.send(QUEUE, MessageRecord.builder(id).body(new byte[] {1}).build());
            }
        }
        assertEquals(MESSAGES, probe.engine().stats(QUEUE).depth());

        n1.sigterm();

        assertEquals(Leaving.EXIT_LEFT, n1.awaitExit(LEAVE), n1::report);
        assertTrue(n1.stdout().contains("STOPPED CairnMQ node n1"), n1::report);
        await("n1 gone").atMost(Duration.ofSeconds(30)).until(() -> cluster.size() == 3);
        assertEquals(MESSAGES, probe.engine().stats(QUEUE).depth(), "nothing lost");
        assertEquals(sent, consumeAll(probe));

        n1.restart();
        await("n1 back on its data directory").atMost(Duration.ofSeconds(30)).until(() -> cluster.size() == 4);
        assertTrue(n2.isAlive() && n3.isAlive());
    }

    private static Set<String> consumeAll(CairnNode member) {
        Set<String> received = new HashSet<>();
        try (EngineConnection connection = member.engine().connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = connection.openConsumer(ConsumerSpec.of(QUEUE));
            for (int i = 0; i < MESSAGES; i++) {
                Delivery delivery = consumer.receive(10_000, true);
                assertNotNull(delivery, "message " + (i + 1) + " of " + MESSAGES);
                assertTrue(received.add(delivery.message().id()), "once: " + delivery.message().id());
            }
        }
        return received;
    }
}
