package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.ResourceLimitException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine on one member, through its API. */
@Timeout(60)
class HzEngineTest {

    @TempDir
    static Path dataDir;
    private static TestCluster cluster;
    private static HzEngine engine;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, dataDir, Map.of("maxMessageBytes", "65536"));
        engine = cluster.engine(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void sendReceiveAcknowledgeRoundTrip() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = c.openProducer();
            producer.send(queue, message("m1", 4, true));
            producer.send(queue, message("m2", 4, false));
            producer.flush();
            assertEquals(2, engine.stats(queue).depth());

            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            Delivery first = consumer.receive(5_000, true);
            Delivery second = consumer.receive(5_000, true);
            assertEquals("m1", first.message().id());
            assertEquals("m2", second.message().id());
            assertFalse(first.redelivered());
            assertEquals(1, first.deliveryCount());
            assertArrayEqualsBody(first);
            consumer.flushAcknowledgements();
            assertEquals(0, engine.stats(queue).depth());
            assertNull(consumer.receive(0, true));
        }
    }

    @Test
    void aHeldConsumerHandsOutNothingUntilReleasedAndItsWaitingReceiverGetsTheMessageThen() throws Exception {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            AtomicReference<Delivery> got = new AtomicReference<>();
            CountDownLatch returned = new CountDownLatch(1);
            Thread receiver = new Thread(() -> {
                got.set(consumer.receive(-1, true));
                returned.countDown();
            });
            receiver.start();
            await().until(() -> receiver.getState() == Thread.State.WAITING);
            consumer.hold(true);
            c.openProducer().send(queue, message("held", 4, true));
            await().until(() -> engine.stats(queue).leased() == 1);
            assertNull(consumer.receive(0, true), "held: nothing is handed out");
            assertEquals(1, returned.getCount(), "the waiting receiver is still waiting");
            consumer.hold(false);
            returned.await();
            assertEquals("held", got.get().message().id());
        }
    }

    @Test
    void aDeliveryHandedBackComesNextWithOrWithoutADeliveryCounted() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = c.openProducer();
            producer.send(queue, message("first", 4, true));
            producer.send(queue, message("second", 4, true));
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            Delivery first = consumer.receive(5_000, false);
            consumer.handBack(first, Redelivery.NOT_COUNTED);
            Delivery again = consumer.receive(5_000, false);
            assertEquals("first", again.message().id());
            assertEquals(1, again.deliveryCount(), "as if it had not been handed out");
            consumer.handBack(again, Redelivery.COUNTED);
            Delivery redelivered = consumer.receive(5_000, false);
            assertEquals("first", redelivered.message().id());
            assertTrue(redelivered.redelivered());
            consumer.recover();
            consumer.handBack(redelivered, Redelivery.COUNTED);
            assertEquals("first", consumer.receive(5_000, false).message().id(), "recovered: it comes once more");
            assertEquals("second", consumer.receive(5_000, false).message().id(), "and not twice");
        }
    }

    @Test
    void interruptingAWaitingReceiverReturnsNullAndKeepsTheInterrupt() throws Exception {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            AtomicReference<Object> outcome = new AtomicReference<>("pending");
            Thread receiver = new Thread(() -> {
                Delivery d = consumer.receive(-1, true);
                outcome.set(d == null && Thread.currentThread().isInterrupted() ? "null, interrupted" : d);
            });
            receiver.start();
            await().until(() -> receiver.getState() == Thread.State.WAITING);
            receiver.interrupt();
            receiver.join(10_000);
            assertEquals("null, interrupted", outcome.get());
        }
    }

    @Test
    void priorityOrderAcrossWhatIsReady() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = c.openProducer();
            int[] priorities = {0, 9, 4, 9, 1, 4};
            for (int i = 0; i < priorities.length; i++) {
                producer.send(queue, message("p" + priorities[i] + "-" + i, priorities[i], true));
            }
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < priorities.length; i++) {
                ids.add(consumer.receive(5_000, true).message().id());
            }
            assertEquals(List.of("p9-1", "p9-3", "p4-2", "p4-5", "p1-4", "p0-0"), ids);
        }
    }

    @Test
    void releasedMessageIsRedeliveredWithItsCountIncreased() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            c.openProducer().send(queue, message("once", 4, true));
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            Delivery first = consumer.receive(5_000, false);
            consumer.release(first);
            Delivery second = consumer.receive(5_000, false);
            assertEquals("once", second.message().id());
            assertTrue(second.redelivered());
            assertEquals(2, second.deliveryCount());
            consumer.acknowledge(second);
            consumer.flushAcknowledgements();
            assertEquals(0, engine.stats(queue).depth());
        }
    }

    @Test
    void closingAConsumerGivesPrefetchedMessagesBackUnchangedAndHandedOutOnesRedelivered() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = c.openProducer();
            for (int i = 0; i < 10; i++) {
                producer.send(queue, message("m" + i, 4, true));
            }
            EngineConsumer greedy = c.openConsumer(ConsumerSpec.of(queue));
            Delivery handed = greedy.receive(5_000, false);
            await().until(() -> engine.stats(queue).leased() == 10);
            greedy.close();
            assertEquals(new io.cairnmq.engine.api.DestinationStats(10, 0), engine.stats(queue));

            EngineConsumer next = c.openConsumer(ConsumerSpec.of(queue));
            Delivery again = next.receive(5_000, true);
            assertEquals(handed.message().id(), again.message().id());
            assertTrue(again.redelivered());
            Delivery untouched = next.receive(5_000, true);
            assertFalse(untouched.redelivered(), "prefetched but never handed out is not a delivery");
        }
    }

    @Test
    void recoverPutsEverythingBackInOrderAndAcknowledgeAllRemovesWhatWasHandedOut() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = c.openProducer();
            for (int i = 0; i < 5; i++) {
                producer.send(queue, message("r" + i, 4, true));
            }
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            assertEquals("r0", consumer.receive(5_000, false).message().id());
            assertEquals("r1", consumer.receive(5_000, false).message().id());
            consumer.recover();
            Delivery r0 = consumer.receive(5_000, false);
            assertEquals("r0", r0.message().id());
            assertTrue(r0.redelivered());
            Delivery r1 = consumer.receive(5_000, false);
            assertEquals("r1", r1.message().id());
            Delivery r2 = consumer.receive(5_000, false);
            assertEquals("r2", r2.message().id());
            assertFalse(r2.redelivered(), "r2 was only prefetched before the recover");
            consumer.acknowledgeAll();
            assertEquals(2, engine.stats(queue).depth(), "r0..r2 are gone, r3 and r4 remain");
        }
    }

    @Test
    void acknowledgementsInFlightAreAppliedBeforeTheConnectionGivesBackItsLeases() {
        for (int round = 0; round < 30; round++) {
            DestinationName queue = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                for (int i = 0; i < 3; i++) {
                    producer.send(queue, message("a" + i, 4, true));
                }
                EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
                for (int i = 0; i < 3; i++) {
                    assertNotNull(consumer.receive(5_000, true));
                }
            }
            assertEquals(0, engine.stats(queue).depth(), "round " + round + ": acknowledged messages came back");
        }
    }

    @Test
    void closingAConnectionReleasesWhatItsConsumersHeld() {
        DestinationName queue = freshQueue();
        EngineConnection first = engine.connect(ConnectionListener.IGNORE);
        first.openProducer().send(queue, message("held", 4, true));
        Delivery held = first.openConsumer(ConsumerSpec.of(queue)).receive(5_000, false);
        assertNotNull(held);
        first.close();
        try (EngineConnection second = engine.connect(ConnectionListener.IGNORE)) {
            Delivery again = second.openConsumer(ConsumerSpec.of(queue)).receive(5_000, true);
            assertEquals("held", again.message().id());
            assertTrue(again.redelivered());
        }
    }

    @Test
    void anIdleConsumerIsWokenByAnArrival() throws Exception {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            AtomicReference<Delivery> received = new AtomicReference<>();
            CountDownLatch waiting = new CountDownLatch(1);
            Thread receiver = new Thread(() -> {
                waiting.countDown();
                received.set(consumer.receive(-1, true));
            });
            receiver.start();
            waiting.await();
            await().until(() -> receiver.getState() == Thread.State.WAITING);
            c.openProducer().send(queue, message("wake", 4, false));
            receiver.join(10_000);
            assertEquals("wake", received.get().message().id());
        }
    }

    @Test
    void listenerCallbackFiresWhenMessagesArrive() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
            consumer.onAvailable(() -> {
                Delivery d;
                while ((d = consumer.receive(0, false)) != null) {
                    got.add(d.message().id());
                    consumer.acknowledge(d);
                }
            });
            EngineProducer producer = c.openProducer();
            for (int i = 0; i < 100; i++) {
                producer.send(queue, message("l" + i, 4, false));
            }
            await().until(() -> got.size() == 100);
            await().until(() -> engine.stats(queue).depth() == 0);
        }
    }

    @Test
    void closingAConsumerFromAnotherThreadEndsAWaitingReceiveWithNull() throws Exception {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(queue));
            AtomicReference<Object> result = new AtomicReference<>("not yet");
            Thread receiver = new Thread(() -> result.set(consumer.receive(-1, true)));
            receiver.start();
            await().until(() -> receiver.getState() == Thread.State.WAITING);
            consumer.close();
            receiver.join(10_000);
            assertNull(result.get());
        }
    }

    @Test
    void tooLargeAMessageIsRefusedAndNothingIsLost() {
        DestinationName queue = freshQueue();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineProducer producer = c.openProducer();
            producer.send(queue, message("fine", 4, true));
            MessageRecord big = MessageRecord.builder("big").body(new byte[100_000]).build();
            ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> producer.send(queue, big));
            assertTrue(e.getMessage().contains("maxMessageBytes=65536"), e.getMessage());
            assertEquals(1, engine.stats(queue).depth());
        }
    }

    @Test
    void aClosedConnectionRefusesWork() {
        EngineConnection c = engine.connect(ConnectionListener.IGNORE);
        c.close();
        c.close();
        assertThrows(EngineClosedException.class, c::openProducer);
    }

    private static void assertArrayEqualsBody(Delivery d) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2, 3}, d.message().body());
        assertEquals("v", d.message().properties().get("k"));
    }

    private static DestinationName freshQueue() {
        return DestinationName.queue("q-" + UUID.randomUUID());
    }

    static MessageRecord message(String id, int priority, boolean persistent) {
        return MessageRecord.builder(id).priority(priority).persistent(persistent)
                .property("k", "v").body(new byte[] {1, 2, 3}).build();
    }
}
