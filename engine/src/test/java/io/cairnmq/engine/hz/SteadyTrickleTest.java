package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paced producers keep a consumer hovering between waiting and busy, so that hand-offs,
 * wake-ups and lease replies of one shard reach it in every order. It must never believe it
 * waits on a shard that no longer counts it as a waiter (which would strand messages).
 */
@Timeout(120)
class SteadyTrickleTest {

    private static final int PRODUCERS = 2;
    private static final int PER_PRODUCER = 8_000;
    private static final long GAP_NANOS = 100_000;

    @TempDir
    Path dataDir;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(1, dataDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @RepeatedTest(3)
    void everyMessageArrivesOnceAndInEachProducersOrder() throws Exception {
        DestinationName queue = DestinationName.queue("trickle");
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                EngineProducer producer = c.openProducer();
                String name = "p" + p;
                producers[p] = new Thread(() -> {
                    long next = System.nanoTime();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        next += GAP_NANOS;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait); // pacing the load, not waiting for an outcome
                        }
                        producer.send(queue, MessageRecord.builder(name + "-" + i).persistent(i % 7 == 0)
                                .property("producer", name).property("n", i).build());
                    }
                    producer.flush();
                });
                producers[p].start();
            }
            Map<String, Integer> last = new HashMap<>();
            for (int i = 0; i < PRODUCERS * PER_PRODUCER; i++) {
                Delivery d = consumer.receive(10_000, true);
                int index = i;
                assertNotNull(d, () -> "message " + index + " did not arrive within 10 s");
                String producer = (String) d.message().properties().get("producer");
                int n = (Integer) d.message().properties().get("n");
                Integer previous = last.put(producer, n);
                assertTrue(previous == null ? n == 0 : n == previous + 1,
                        () -> producer + " sent " + n + " after " + previous);
            }
            for (Thread t : producers) {
                t.join(10_000);
            }
            consumer.flushAcknowledgements();
            assertEquals(0, cluster.engine(0).stats(queue).depth());
        }
    }
}
