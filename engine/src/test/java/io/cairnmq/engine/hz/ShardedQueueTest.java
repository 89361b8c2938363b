package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 4-shard queue with 4 producers and 4 consumers spread over 3 members. */
@Timeout(120)
class ShardedQueueTest {

    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int PER_PRODUCER = 5_000;

    @TempDir
    Path dataDir;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(3, dataDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyMessageOnceAndEachProducersOrderWithinEachConsumer() throws Exception {
        DestinationName queue = DestinationName.queue("sharded");
        assertEquals(4, cluster.engine(0).declare(queue, DestinationSettings.sharded(4)).settings().shards());
        assertEquals(4, cluster.engine(2).declare(queue, DestinationSettings.sharded(1)).settings().shards(),
                "a destination keeps the settings it was created with");

        List<EngineConnection> connections = new ArrayList<>();
        List<List<Delivery>> seenByConsumer = new ArrayList<>();
        AtomicInteger received = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch startGate = new CountDownLatch(1);
        for (int i = 0; i < CONSUMERS; i++) {
            EngineConnection c = cluster.engine(i % 3).connect(ConnectionListener.IGNORE);
            connections.add(c);
            EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
            List<Delivery> seen = new ArrayList<>();
            seenByConsumer.add(seen);
            threads.add(new Thread(() -> {
                Delivery d;
                while ((d = consumer.receive(-1, true)) != null) {
                    synchronized (seen) {
                        seen.add(d);
                    }
                    received.incrementAndGet();
                }
            }, "consumer-" + i));
        }
        for (int i = 0; i < PRODUCERS; i++) {
            EngineConnection c = cluster.engine((i + 1) % 3).connect(ConnectionListener.IGNORE);
            connections.add(c);
            EngineProducer producer = c.openProducer();
            String name = "producer-" + i;
            threads.add(new Thread(() -> {
                try {
                    startGate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int n = 0; n < PER_PRODUCER; n++) {
                    producer.send(queue, MessageRecord.builder(name + "-" + n).persistent(false)
                            .property("producer", name).property("n", n).body(new byte[64]).build());
                }
                producer.flush();
            }, name));
        }
        threads.forEach(Thread::start);
        startGate.countDown();

        await().atMost(Duration.ofSeconds(90)).until(() -> received.get() >= PRODUCERS * PER_PRODUCER);
        connections.forEach(EngineConnection::close);
        for (Thread t : threads) {
            t.join(10_000);
        }

        Set<String> ids = new HashSet<>();
        int total = 0;
        int consumersThatGotSome = 0;
        for (List<Delivery> seen : seenByConsumer) {
            Map<String, Integer> lastByProducer = new HashMap<>();
            synchronized (seen) {
                consumersThatGotSome += seen.isEmpty() ? 0 : 1;
                for (Delivery d : seen) {
                    total++;
                    assertTrue(ids.add(d.message().id()), () -> "delivered twice: " + d.message().id());
                    String producer = (String) d.message().properties().get("producer");
                    int n = (Integer) d.message().properties().get("n");
                    Integer last = lastByProducer.put(producer, n);
                    assertTrue(last == null || last < n,
                            () -> "order of " + producer + " broken within a consumer: " + last + " then " + n);
                }
            }
        }
        assertEquals(PRODUCERS * PER_PRODUCER, total);
        assertEquals(PRODUCERS * PER_PRODUCER, ids.size());
        System.out.printf("%d messages, %d of %d consumers received some%n", total, consumersThatGotSome, CONSUMERS);
        assertEquals(0, cluster.engine(1).stats(queue).depth());
    }
}
