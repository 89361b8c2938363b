package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A last-value queue's replaced persistent messages leave the journal with the send that
 * replaced them: after the member is terminated and started again on its journal, the queue
 * holds the newest message of each value and nothing it had replaced, and a new message
 * replaces a recovered one.
 */
@Timeout(120)
class LastValueQueueRestartTest {

    private static final DestinationName PRICES = DestinationName.queue("prices");

    @TempDir
    Path dataDir;

    @Test
    void theReplacedMessagesDoNotComeBackAfterARestart() {
        try (TestCluster cluster = TestCluster.prepare(1, dataDir, Map.of("queue.prices.lastValueKey", "symbol"))) {
            HzEngine engine = cluster.startMember(0);
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                for (int round = 0; round < 5; round++) {
                    for (String symbol : List.of("AAA", "BBB", "CCC")) {
                        producer.send(PRICES, price(symbol, round));
                    }
                }
                producer.flush();
            }
            assertEquals(List.of("AAA-4", "BBB-4", "CCC-4"), browse(engine));
            cluster.terminate(0);
            HzEngine again = cluster.startMember(0);
            cluster.awaitMembers(1);
            assertEquals(List.of("AAA-4", "BBB-4", "CCC-4"), browse(again), "what the journal brought back");
            try (EngineConnection c = again.connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                producer.send(PRICES, price("AAA", 5));
                producer.flush();
            }
            assertEquals(List.of("BBB-4", "CCC-4", "AAA-5"), browse(again), "a recovered value is replaced too");
        }
    }

    private static MessageRecord price(String symbol, int round) {
        return MessageRecord.builder(symbol + "-" + round).persistent(true).property("symbol", symbol)
                .body(new byte[] {1}).build();
    }

    private static List<String> browse(HzEngine engine) {
        return TestCluster.browse(engine, PRICES);
    }
}
