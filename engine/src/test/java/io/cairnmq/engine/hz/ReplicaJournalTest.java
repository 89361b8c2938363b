package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.api.UnknownSubscriptionException;
import io.cairnmq.engine.hz.member.ShardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journals follow the shards when partitions move: a member that receives a shard (it joined, or
 * became a new backup after a death) writes it into its own journal, disk backlog included, and
 * a member that gave a shard away drops its rows of it. So a second failure after a move loses
 * nothing, and a whole cluster stopped and started again recovers each message once.
 */
@Timeout(180)
class ReplicaJournalTest {

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
    void aSecondFailureAfterTheFirstLosesNoSpilledMessage() {
        cluster = TestCluster.start(3, dataDir, SMALL_MEMORY);
        DestinationName queue = cluster.queueOwnedBy(1, 0, 1);
        Set<String> sent;
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            sent = send(c, queue, "a", 3_000);
        }
        cluster.terminate(1);
        cluster.awaitMembers(2);
        // The shard's new owner is the backup promoted; the other survivor received a copy and
        // adopted its backlog. Now the new owner dies too.
        int owner = cluster.ownerOf(new ShardKey(queue.qualified(), 0));
        int survivor = 2 - owner;
        cluster.terminate(owner);
        try (EngineConnection c = cluster.engine(survivor).connect(ConnectionListener.IGNORE)) {
            assertEquals(sent, receive(c, queue, sent.size()));
        }
    }

    @Test
    void membersThatJoinTakeTheBacklogIntoTheirJournals() {
        cluster = TestCluster.prepare(3, dataDir, SMALL_MEMORY);
        cluster.startMember(0);
        DestinationName queue = DestinationName.queue("joined");
        Set<String> sent;
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            sent = send(c, queue, "j", 3_000);
        }
        cluster.startMember(1);
        cluster.startMember(2);
        cluster.awaitMembers(3);
        // The first member held the only journal with the backlog; it goes, with nothing handed over.
        cluster.terminate(0);
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            assertEquals(sent, receive(c, queue, sent.size()));
        }
    }

    @Test
    void aMemberStopsCountingTheMemoryOfShardsThatMovedAway() {
        cluster = TestCluster.prepare(3, dataDir, SMALL_MEMORY);
        HzEngine first = cluster.startMember(0);
        DestinationName queue = DestinationName.queue("moving");
        first.declare(queue, new DestinationSettings(4));
        Set<String> sent;
        try (EngineConnection c = first.connect(ConnectionListener.IGNORE)) {
            sent = send(c, queue, "v", 2_000);
        }
        assertTrue(first.member().services().residentBytes() > 0);
        cluster.startMember(1);
        cluster.startMember(2);
        cluster.awaitMembers(3);
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            assertEquals(sent, receive(c, queue, sent.size()));
        }
        // Had the first member kept counting what moved away, its memory budget would shrink for good.
        for (int i = 0; i < 3; i++) {
            HzEngine member = cluster.engine(i);
            await().atMost(Duration.ofSeconds(10)).until(() -> member.member().services().residentBytes() == 0);
        }
    }

    @Test
    void partitionsMoveWhileMessagesFlow() throws Exception {
        cluster = TestCluster.prepare(4, dataDir, SMALL_MEMORY);
        for (int i = 0; i < 3; i++) {
            cluster.startMember(i);
        }
        cluster.awaitMembers(3);
        DestinationName queue = DestinationName.queue("flowing");
        cluster.engine(0).declare(queue, new DestinationSettings(4));
        int count = 6_000;
        java.util.concurrent.CompletableFuture<Set<String>> sending = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                        return send(c, queue, "f", count);
                    }
                });
        Set<String> received = new HashSet<>();
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            received.addAll(receive(c, queue, 1_000));
            // A member joins while the producer is still sending: partitions move under traffic.
            cluster.startMember(3);
            received.addAll(receive(c, queue, 1_000));
        }
        Set<String> sent = sending.get(60, java.util.concurrent.TimeUnit.SECONDS);
        cluster.awaitMembers(4);
        // Then one of the first members dies, taking its memory with it.
        cluster.terminate(2);
        cluster.awaitMembers(3);
        try (EngineConnection c = cluster.engine(3).connect(ConnectionListener.IGNORE)) {
            Set<String> rest = receive(c, queue, count - received.size());
            rest.forEach(id -> assertTrue(received.add(id), "received twice: " + id));
        }
        assertEquals(sent, received);
        // The dead member comes back while the others run: it catches up (what it still had was
        // consumed meanwhile), so nothing comes back when the whole cluster is then killed and
        // started again.
        cluster.startMember(2);
        cluster.awaitMembers(4);
        assertEquals(0, cluster.engine(2).stats(queue).depth(), "consumed messages came back");
        for (int i = 0; i < 4; i++) {
            cluster.terminate(i);
        }
        for (int i = 0; i < 4; i++) {
            cluster.startMember(i);
        }
        cluster.awaitMembers(4);
        assertEquals(0, cluster.engine(0).stats(queue).depth(), "consumed messages came back");
    }

    @Test
    void aJournalThatMissedWhatWasConsumedIsKnownToBeStale() {
        cluster = TestCluster.prepare(3, dataDir, SMALL_MEMORY);
        startAll();
        DestinationName queue = DestinationName.queue("stale");
        cluster.engine(0).declare(queue, new DestinationSettings(4));
        Set<String> left;
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            left = send(c, queue, "s", 2_000);
            left.removeAll(receive(c, queue, 500));
        }
        // A member dies; the others go on consuming, so its journal misses those acknowledgements.
        cluster.terminate(2);
        cluster.awaitMembers(2);
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            left.removeAll(receive(c, queue, 1_000));
        }
        cluster.terminate(0);
        cluster.terminate(1);
        // The stale member starts first: what it recovers is replaced when a current journal is read.
        for (int i : new int[] {2, 0, 1}) {
            cluster.startMember(i);
        }
        cluster.awaitMembers(3);
        assertEquals(left.size(), cluster.engine(0).stats(queue).depth(), "consumed messages came back");
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            left.removeAll(receive(c, queue, 200));
        }
        // Again, the stale member starting last this time: its journal is skipped.
        cluster.terminate(1);
        cluster.awaitMembers(2);
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            left.removeAll(receive(c, queue, 100));
        }
        cluster.terminate(0);
        cluster.terminate(2);
        startAll();
        assertEquals(left.size(), cluster.engine(0).stats(queue).depth(), "consumed messages came back");
        try (EngineConnection c = cluster.engine(2).connect(ConnectionListener.IGNORE)) {
            assertEquals(left, receive(c, queue, left.size()));
        }
    }

    @Test
    void aDurableSubscriptionDeletedWhileAMemberWasDeadStaysDeleted() {
        cluster = TestCluster.prepare(3, dataDir, SMALL_MEMORY);
        startAll();
        DestinationName topic = DestinationName.topic("unsubscribed");
        SubscriptionSpec kept = SubscriptionSpec.durable("client", "kept", false);
        SubscriptionSpec gone = SubscriptionSpec.durable("client", "gone", false);
        Set<String> sent;
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            c.claimClientId("client");
            c.openConsumer(new ConsumerSpec(topic, 100, Acknowledgements.LAZY, null, kept)).close();
            c.openConsumer(new ConsumerSpec(topic, 100, Acknowledgements.LAZY, null, gone)).close();
            sent = send(c, topic, "u", 300);
        }
        // A member dies; a subscription is deleted while it is down.
        cluster.terminate(2);
        cluster.awaitMembers(2);
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            c.claimClientId("client");
            c.unsubscribe("gone");
        }
        cluster.terminate(0);
        cluster.terminate(1);
        // The stale member starts first, then the others.
        for (int i : new int[] {2, 0, 1}) {
            cluster.startMember(i);
        }
        cluster.awaitMembers(3);
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            c.claimClientId("client");
            assertThrows(UnknownSubscriptionException.class, () -> c.unsubscribe("gone"));
        }
        assertEquals(sent, receiveDurable(cluster.engine(1), topic, kept, sent.size()));
        assertEquals(0, cluster.engine(1).stats(topic).depth(), "the deleted subscription's messages came back");
    }

    @Test
    void aWholeClusterStartedAgainRecoversEachMessageOnce() {
        cluster = TestCluster.prepare(3, dataDir, SMALL_MEMORY);
        startAll();
        DestinationName queue = DestinationName.queue("restarted");
        Set<String> left;
        cluster.engine(0).declare(queue, new DestinationSettings(4));
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            left = send(c, queue, "r", 2_000);
            left.removeAll(receive(c, queue, 500));
        }
        // Partitions move while messages are consumed: a member leaves, then comes back.
        cluster.stop(2);
        cluster.awaitMembers(2);
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            left.removeAll(receive(c, queue, 300));
        }
        cluster.startMember(2);
        cluster.awaitMembers(3);
        try (EngineConnection c = cluster.engine(2).connect(ConnectionListener.IGNORE)) {
            left.removeAll(receive(c, queue, 200));
        }

        // Every member dies at once: no hand-over. Each journal holds the shards its member held.
        for (int i = 0; i < 3; i++) {
            cluster.terminate(i);
        }
        startAll();
        try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
            assertEquals(left.size(), cluster.engine(1).stats(queue).depth(), "recovered more than was left");
            assertEquals(left, receive(c, queue, left.size()));
        }

        // Then the orderly way: members leave one after the other, each handing its shards to
        // those that stay, while a consumer takes a few more.
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            left = send(c, queue, "s", 1_000);
            left.removeAll(receive(c, queue, 400));
        }
        cluster.stop(0);
        cluster.awaitMembers(2);
        try (EngineConnection c = cluster.engine(2).connect(ConnectionListener.IGNORE)) {
            left.removeAll(receive(c, queue, 100));
        }
        cluster.stop(1);
        cluster.awaitMembers(1);
        cluster.stop(2);
        startAll();
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            assertEquals(left.size(), cluster.engine(0).stats(queue).depth(), "recovered more than was left");
            assertEquals(left, receive(c, queue, left.size()));
        }
    }

    @Test
    void aDurableSubscriptionFollowsItsTopicThroughMovesAndAWholeRestart() {
        cluster = TestCluster.prepare(3, dataDir, SMALL_MEMORY);
        startAll();
        DestinationName topic = DestinationName.topic("followed");
        SubscriptionSpec durable = SubscriptionSpec.durable("client", "audit", false);
        Set<String> left;
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            c.claimClientId("client");
            c.openConsumer(new ConsumerSpec(topic, 100, Acknowledgements.LAZY, null, durable)).close();
            left = send(c, topic, "t", 1_000);
        }
        // The topic's partition moves away from one member and back; a consumer takes some meanwhile.
        int leaving = cluster.ownerOf(new ShardKey(topic.qualified(), 0));
        cluster.stop(leaving);
        cluster.awaitMembers(2);
        int other = (leaving + 1) % 3;
        left.removeAll(receiveDurable(cluster.engine(other), topic, durable, 300));
        cluster.startMember(leaving);
        cluster.awaitMembers(3);
        for (int i = 0; i < 3; i++) {
            cluster.terminate(i);
        }
        startAll();
        assertEquals(left, receiveDurable(cluster.engine(2), topic, durable, left.size()));
        assertEquals(0, cluster.engine(2).stats(topic).depth(), "recovered more than was left");
    }

    private static Set<String> receiveDurable(HzEngine engine, DestinationName topic, SubscriptionSpec durable,
                                              int count) {
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            c.claimClientId("client");
            return receive(c, new ConsumerSpec(topic, 100, Acknowledgements.LAZY, null, durable), count);
        }
    }

    private void startAll() {
        for (int i = 0; i < 3; i++) {
            cluster.startMember(i);
        }
        cluster.awaitMembers(3);
    }

    /** Sends persistent messages (ids {@code prefix0}, ...); returns their ids. */
    private static Set<String> send(EngineConnection c, DestinationName queue, String prefix, int count) {
        EngineProducer producer = c.openProducer();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            producer.send(queue, MessageRecord.builder(id).persistent(true).body(new byte[BODY]).build());
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    private static Set<String> receive(EngineConnection c, DestinationName queue, int count) {
        return receive(c, new ConsumerSpec(queue, 100), count);
    }

    /** Receives and acknowledges {@code count} messages, none twice; returns their ids. */
    private static Set<String> receive(EngineConnection c, ConsumerSpec spec, int count) {
        Set<String> ids = new HashSet<>();
        EngineConsumer consumer = c.openConsumer(spec);
        try {
            for (int i = 0; i < count; i++) {
                Delivery d = consumer.receive(20_000, true);
                assertNotNull(d, "nothing more after " + i + " of " + count + " messages");
                assertTrue(ids.add(d.message().id()), "received twice: " + d.message().id());
            }
            consumer.flushAcknowledgements();
        } finally {
            consumer.close();
        }
        return ids;
    }
}
