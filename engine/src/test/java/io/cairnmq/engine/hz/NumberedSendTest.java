package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A client whose connection (and member) was lost sends again, through another member, what it
 * is unsure of: a producer of the same identity, a send of the same number, stored once. This is
 * what a remote client's failover relies on.
 */
@Timeout(120)
class NumberedSendTest {

    @TempDir
    Path dataDir;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(2, dataDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aRepeatedNumberThroughAnotherMemberIsStoredOnce() {
        DestinationName queue = DestinationName.queue("numbered");
        cluster.engine(0).declare(queue, new DestinationSettings(4));
        try (EngineConnection first = cluster.engine(0).connect(ConnectionListener.IGNORE);
             EngineConnection second = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            EngineProducer before = first.openProducer("client-producer-1");
            before.send(queue, message("unnumbered-1"));
            before.sendNumbered(queue, message("m1"), 1);
            before.sendNumbered(queue, message("m2"), 2);
            // The answer to m2 was lost with the member: the client sends it again elsewhere.
            EngineProducer after = second.openProducer("client-producer-1");
            after.sendNumbered(queue, message("m2"), 2);
            after.sendNumbered(queue, message("m3"), 3);
            assertEquals(4, cluster.engine(1).stats(queue).depth(), "m2 is stored once");
            assertThrows(IllegalArgumentException.class, () -> after.sendNumbered(queue, message("m4"), 3));
            // Another identity has numbers of its own.
            second.openProducer("client-producer-2").sendNumbered(queue, message("other"), 1);
            assertEquals(5, cluster.engine(0).stats(queue).depth());
        }
    }

    private static MessageRecord message(String id) {
        return MessageRecord.builder(id).body(new byte[] {1}).build();
    }
}
