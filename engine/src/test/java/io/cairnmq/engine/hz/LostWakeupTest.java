package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.hz.flow.ShardSender;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.queue.ShardEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Wake-ups to another member travel as events, which may be lost. Here member 1 hears none at
 * all: its waiting consumer and its producer blocked on a full queue must still go on, within
 * the re-check interval and far before their own deadlines.
 */
@Timeout(120)
class LostWakeupTest {

    @TempDir
    Path dataDir;

    @Test
    void aWaitingConsumerWhoseWakeUpIsLostAsksAgainWithinTheRecheckInterval() {
        try (TestCluster cluster = TestCluster.start(2, dataDir)) {
            DestinationName queue = cluster.queueOwnedBy(0, 0, 1);
            ShardKey key = new ShardKey(queue.qualified(), 0);
            cluster.engine(1).wakeups().stopListening();
            try (EngineConnection far = cluster.engine(1).connect(ConnectionListener.IGNORE);
                 EngineConnection near = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                EngineConsumer consumer = far.openConsumer(ConsumerSpec.of(queue));
                await().atMost(Duration.ofSeconds(10)).until(() -> waitersOn(cluster, key) == 1);

                near.openProducer().send(queue, message("late", 4, true));

                long start = System.nanoTime();
                Delivery delivery = consumer.receive(60_000, true);
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertNotNull(delivery, "the consumer never heard of the message");
                assertEquals("late", delivery.message().id());
                assertFalse(waitedMillis > LeasePump.WAITER_RECHECK_MILLIS + 5_000,
                        "the consumer waited " + waitedMillis + " ms, longer than a re-check and its request");
            }
        }
    }

    @Test
    void aProducerBlockedOnAFullQueueWhoseWakeUpIsLostTriesAgainWithinTheRecheckInterval() throws Exception {
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (TestCluster cluster = TestCluster.start(2, dataDir, Map.of(
                "maxMessages", "1", "limitPolicy", "block", "blockMillis", "60000"))) {
            DestinationName queue = cluster.queueOwnedBy(0, 0, 1);
            cluster.engine(1).wakeups().stopListening();
            try (EngineConnection far = cluster.engine(1).connect(ConnectionListener.IGNORE);
                 EngineConnection near = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = far.openProducer();
                producer.send(queue, message("first", 4, true));
                CompletableFuture<Void> second = CompletableFuture.runAsync(
                        () -> producer.send(queue, message("second", 4, true)), sender);
                ShardKey key = new ShardKey(queue.qualified(), 0);
                await().atMost(Duration.ofSeconds(10)).until(() -> roomWaitersOn(cluster, key) == 1);

                EngineConsumer consumer = near.openConsumer(ConsumerSpec.of(queue));
                assertEquals("first", consumer.receive(10_000, true).message().id());
                consumer.flushAcknowledgements();

                long start = System.nanoTime();
                second.get(30, TimeUnit.SECONDS);
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertFalse(waitedMillis > ShardSender.ROOM_RECHECK_MILLIS + 5_000,
                        "the producer waited " + waitedMillis + " ms after room was made");
                assertEquals("second", consumer.receive(10_000, true).message().id());
            }
        } finally {
            sender.shutdownNow();
        }
    }

    private static int waitersOn(TestCluster cluster, ShardKey key) {
        ShardEntry entry = cluster.engine(0).shards().get(key);
        return entry == null ? 0 : entry.queueOf(null).waiters().size();
    }

    private static int roomWaitersOn(TestCluster cluster, ShardKey key) {
        ShardEntry entry = cluster.engine(0).shards().get(key);
        return entry == null ? 0 : entry.queueOf(null).hasRoomWaiters() ? 1 : 0;
    }
}
