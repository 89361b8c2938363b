package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * With {@code journal=async} a persistent send kept in memory does not wait for the journal:
 * here the journal gathers records for a minute, longer than the test may take, so a send that
 * waited for its write would never return in time.
 */
@Timeout(40)
class AsyncJournalTest {

    @TempDir
    Path dataDir;

    @Test
    void persistentSendsKeptInMemoryDoNotWaitForTheJournal() {
        try (TestCluster cluster = TestCluster.start(1, dataDir,
                Map.of("journal", "async", "journalGroupMillis", "60000"))) {
            DestinationName queue = DestinationName.queue("async");
            try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                for (int i = 0; i < 100; i++) {
                    producer.send(queue, MessageRecord.builder("a" + i).persistent(true).body(new byte[100]).build());
                }
                producer.flush();
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
                for (int i = 0; i < 100; i++) {
                    Delivery d = consumer.receive(10_000, true);
                    assertNotNull(d);
                    assertEquals("a" + i, d.message().id());
                }
            }
        }
    }
}
