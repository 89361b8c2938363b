package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.SubscriptionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog past the memory limits: bodies go to the members' journals and come back, in order,
 * as consumers drain; a selector still finds its rare matches; the owner's death loses nothing.
 */
@Timeout(120)
class SpillTest {

    private static final Map<String, String> SMALL_MEMORY = TestCluster.SMALL_MEMORY;
    private static final int BODY = 1024;

    @TempDir
    Path dataDir;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBacklogPastTheLimitsIsDrainedInOrderWithinTheLimits() {
        cluster = TestCluster.start(1, dataDir, SMALL_MEMORY);
        HzEngine engine = cluster.engine(0);
        DestinationName queue = DestinationName.queue("spill-" + UUID.randomUUID());
        int count = 5_000;
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            send(c, queue, count, i -> i % 2 == 0, i -> 4, i -> "n");
            assertEquals(count, engine.stats(queue).depth());
            assertTrue(engine.member().services().residentBytes() < 2L * 300 * 1024,
                    "held in memory: " + engine.member().services().residentBytes());
            EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
            for (int i = 0; i < count; i++) {
                Delivery d = consumer.receive(10_000, true);
                assertNotNull(d, "message " + i + " did not come back");
                assertEquals("m" + i, d.message().id());
                assertEquals(BODY, d.message().body().length);
            }
            consumer.flushAcknowledgements();
            assertEquals(0, engine.stats(queue).depth());
        }
    }

    @Test
    void aDurableSubscriptionSpillsPastTheLimitsAndDrainsInOrder() {
        cluster = TestCluster.start(1, dataDir, SMALL_MEMORY);
        HzEngine engine = cluster.engine(0);
        DestinationName topic = DestinationName.topic("spill-" + UUID.randomUUID());
        ConsumerSpec durable = new ConsumerSpec(topic, 100, Acknowledgements.LAZY, null,
                SubscriptionSpec.durable("client", "slow", false));
        int count = 5_000;
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            c.claimClientId("client");
            c.openConsumer(durable).close();
            send(c, topic, count, i -> i % 2 == 0, i -> 4, i -> "n");
            assertEquals(count, engine.stats(topic).depth());
            assertTrue(engine.member().services().residentBytes() < 2L * 300 * 1024,
                    "held in memory: " + engine.member().services().residentBytes());
            EngineConsumer consumer = c.openConsumer(durable);
            for (int i = 0; i < count; i++) {
                Delivery d = consumer.receive(10_000, true);
                assertNotNull(d, "message " + i + " did not come back");
                assertEquals("m" + i, d.message().id());
            }
            consumer.flushAcknowledgements();
            assertEquals(0, engine.stats(topic).depth());
        }
    }

    @Test
    void aNonDurableSubscriptionSpillsToBodiesThatGoWithIt() {
        cluster = TestCluster.start(1, dataDir, SMALL_MEMORY);
        HzEngine engine = cluster.engine(0);
        DestinationName topic = DestinationName.topic("spill-" + UUID.randomUUID());
        int count = 5_000;
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(new ConsumerSpec(topic, 100));
            send(c, topic, count, i -> i % 2 == 0, i -> 4, i -> "n");
            assertTrue(engine.member().services().residentBytes() < 2L * 300 * 1024,
                    "held in memory: " + engine.member().services().residentBytes());
            assertTrue(journalRows(engine, topic) > count / 2, "the bodies past the limit are on disk");
            for (int i = 0; i < 2_000; i++) {
                Delivery d = consumer.receive(10_000, true);
                assertNotNull(d, "message " + i + " did not come back");
                assertEquals("m" + i, d.message().id());
            }
            // The subscription goes with its consumer, and its bodies on disk with it.
            consumer.close();
            assertEquals(0, journalRows(engine, topic));
        }
    }

    /** Rows of the destination in the member's journal, once what is queued is written. */
    private static int journalRows(HzEngine engine, DestinationName destination) {
        io.cairnmq.engine.store.Journal journal = engine.member().services().journal();
        journal.awaitWritten(journal.lastTicket());
        int[] rows = {0};
        journal.load(1_000, (queue, chunk) -> {
            if (queue.destination().equals(destination.qualified())) {
                rows[0] += chunk.size();
            }
        });
        return rows[0];
    }

    @Test
    void aBrowserSeesTheWholeQueueIncludingItsDiskBacklog() {
        cluster = TestCluster.start(1, dataDir, SMALL_MEMORY);
        HzEngine engine = cluster.engine(0);
        DestinationName queue = DestinationName.queue("spill-" + UUID.randomUUID());
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            send(c, queue, 3_000, i -> i % 2 == 0, i -> 4, i -> i % 100 == 7 ? "rare" : "common");
            EngineBrowser all = c.browse(queue, null);
            List<String> ids = new ArrayList<>();
            for (Delivery d = all.next(); d != null; d = all.next()) {
                ids.add(d.message().id());
            }
            assertEquals(3_000, ids.size());
            for (int i = 0; i < ids.size(); i++) {
                assertEquals("m" + i, ids.get(i), "in order");
            }
            EngineBrowser rare = c.browse(queue, "kind = 'rare'");
            int matches = 0;
            for (Delivery d = rare.next(); d != null; d = rare.next()) {
                assertEquals("rare", d.message().properties().get("kind"));
                matches++;
            }
            assertEquals(30, matches);
            assertEquals(3_000, engine.stats(queue).depth(), "browsing consumed nothing");
        }
    }

    @Test
    void higherPriorityComesBackFirstFromTheDisk() {
        cluster = TestCluster.start(1, dataDir, SMALL_MEMORY);
        HzEngine engine = cluster.engine(0);
        DestinationName queue = DestinationName.queue("spill-" + UUID.randomUUID());
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            // About 250 fill the memory; the low-priority ones after them and the 1,000
            // high-priority ones sent last go to disk.
            send(c, queue, 2_300, i -> false, i -> i < 1_300 ? 1 : 8, i -> "n");
            EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
            List<String> received = new ArrayList<>();
            int lastHigh = -1;
            for (int i = 0; i < 2_300; i++) {
                Delivery d = consumer.receive(10_000, true);
                received.add(d.message().id());
                if (d.message().priority() == 8) {
                    lastHigh = i;
                }
            }
            int firstLowFromDisk = received.indexOf("m300");
            assertTrue(lastHigh < firstLowFromDisk, "every high-priority message came back before the low-priority"
                    + " ones on disk: last high at " + lastHigh + ", m300 at " + firstLowFromDisk);
        }
    }

    @Test
    void aSelectorFindsRareMatchesDeepInTheDiskBacklog() {
        cluster = TestCluster.start(1, dataDir, SMALL_MEMORY);
        HzEngine engine = cluster.engine(0);
        DestinationName queue = DestinationName.queue("spill-" + UUID.randomUUID());
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            send(c, queue, 6_000, i -> false, i -> 4, i -> i % 2_000 == 1_999 ? "rare" : "common");
            EngineConsumer rare = c.openConsumer(new ConsumerSpec(queue, 10).withSelector("kind = 'rare'"));
            for (int i = 0; i < 3; i++) {
                Delivery d = rare.receive(20_000, true);
                assertNotNull(d, "rare match " + i + " did not arrive");
                assertEquals("rare", d.message().properties().get("kind"));
            }
            rare.close();
            EngineConsumer everyone = c.openConsumer(new ConsumerSpec(queue, 100));
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 5_997; i++) {
                Delivery d = everyone.receive(10_000, true);
                assertNotNull(d, "common message " + i + " did not come back");
                assertTrue(seen.add(d.message().id()));
            }
        }
    }

    @Test
    void theOwnersDeathLosesNoSpilledMessage() {
        cluster = TestCluster.start(3, dataDir, SMALL_MEMORY);
        DestinationName queue = cluster.queueOwnedBy(1, 0, 1);
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            send(c, queue, 3_000, i -> i % 3 == 0, i -> 4, i -> "n");
        }
        cluster.terminate(1);
        try (EngineConnection c = cluster.engine(2).connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 3_000; i++) {
                Delivery d = consumer.receive(20_000, true);
                assertNotNull(d, "lost after " + i + " messages");
                seen.add(d.message().id());
            }
            assertEquals(3_000, seen.size());
        }
    }

    private interface IntPredicateOf {
        boolean test(int i);
    }

    private interface IntTo<T> {
        T apply(int i);
    }

    private static void send(EngineConnection c, DestinationName queue, int count, IntPredicateOf persistent,
                             IntTo<Integer> priority, IntTo<String> kind) {
        EngineProducer producer = c.openProducer();
        for (int i = 0; i < count; i++) {
            producer.send(queue, MessageRecord.builder("m" + i).persistent(persistent.test(i))
                    .priority(priority.apply(i)).property("kind", kind.apply(i)).body(new byte[BODY]).build());
        }
        producer.flush();
    }
}
