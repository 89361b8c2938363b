package io.cairnmq.cluster;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose graceful leave cannot finish is halted, not left hanging: the leave is made slow for
 * certain by freezing ({@code kill -STOP}) the member it must hand its partitions to.
 */
class NodeStopIT {

    /** Far beyond how long a halt takes, far below how long the stuck leave would take. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);

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
    @Timeout(120)
    void aSecondSigtermWhileLeavingHaltsAtOnce() throws Exception {
        NodeProcess leaving = stuckLeaveOf(Map.of());

        leaving.sigterm();
        await("leaving").atMost(PROMPTLY).until(() -> leaving.stdout().stream().anyMatch(l -> l.startsWith("LEAVING")));
        assertTrue(leaving.isAlive(), leaving::report);
        leaving.sigterm();

        assertEquals(Leaving.EXIT_HALTED, leaving.awaitExit(PROMPTLY), leaving::report);
        assertTrue(leaving.stdout().stream().anyMatch(l -> l.startsWith("HALTED CairnMQ node n1: a second stop request")),
                leaving::report);
        assertFalse(leaving.stdout().contains("STOPPED CairnMQ node n1"), leaving::report);
    }

    @Test
    @Timeout(120)
    void aLeaveThatOverrunsLeaveTimeoutSecondsHalts() throws Exception {
        NodeProcess leaving = stuckLeaveOf(Map.of("leaveTimeoutSeconds", "2"));

        leaving.sigterm();

        assertEquals(Leaving.EXIT_HALTED, leaving.awaitExit(PROMPTLY), leaving::report);
        assertTrue(leaving.stdout().contains("HALTED CairnMQ node n1: it did not leave within 2 s (leaveTimeoutSeconds)"),
                leaving::report);
    }

    /**
     * Node n1 in a cluster with n2 and a probe that has given the partitions something to hold;
     * n2 is then frozen, so n1's graceful leave waits for a member that does not answer.
     */
    private NodeProcess stuckLeaveOf(Map<String, String> options) throws IOException {
        cluster = new NodeCluster(dir, 2, Map.of("shards", "8"));
        NodeProcess n1 = cluster.launch(1, options);
        n1.awaitReady(NodeProcess.START_TIMEOUT);
        NodeProcess n2 = cluster.start(2);
        CairnNode probe = cluster.joinProbe();
        await("three members").atMost(Duration.ofSeconds(30)).until(() -> cluster.size() == 3);
        try (EngineConnection connection = probe.engine().connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = connection.openProducer();
            for (int i = 0; i < 50; i++) {
                producer.send(DestinationName.queue("q"), MessageRecord.builder("m" + i).body(new byte[] {1}).build());
            }
        }
        n2.freeze();
        return n1;
    }
}
