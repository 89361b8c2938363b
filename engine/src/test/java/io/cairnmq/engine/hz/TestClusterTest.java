package io.cairnmq.engine.hz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The test clusters' own help: a port planned free and taken before the member starts. */
@Timeout(120)
class TestClusterTest {

    @TempDir
    Path dir;

    @Test
    void aMemberWhosePlannedPortWasTakenMeanwhileStartsOnAnotherAndTheOthersFindIt() throws Exception {
        TestCluster cluster = TestCluster.prepare(2, dir, Map.of());
        // Bound, not listening: what an outgoing connection's ephemeral port looks like.
        try (cluster; Socket squatter = new Socket()) {
            int planned = cluster.port(1);
            squatter.bind(new InetSocketAddress("127.0.0.1", planned));
            cluster.startMember(0);
            HzEngine moved = cluster.startMember(1);
            assertNotEquals(planned, cluster.port(1));
            assertEquals(cluster.port(1), moved.hazelcast().getCluster().getLocalMember().getAddress().getPort());
            cluster.awaitMembers(2);
        }
    }
}
