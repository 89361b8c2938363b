package io.cairnmq.engine.store;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.StoreFailureException;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.h2.H2Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The H2 journal: what is written comes back after reopening; what cannot be written says why. */
@Timeout(60)
class H2JournalTest {

    private static final QueueAddress ORDERS = QueueAddress.of("queue:orders", 0, null);
    private static final QueueAddress AUDIT = QueueAddress.of("topic:prices", 0, "durable/client/audit");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WritePolicy.class)
    void whatWasWrittenComesBackInSequenceOrder(WritePolicy policy) {
        try (H2Journal journal = new H2Journal(dir, policy, 5, "test")) {
            long ticket = journal.append(List.of(stored(ORDERS, 2, "b"), stored(ORDERS, 1, "a"), stored(AUDIT, 7, "x"),
                    stored(ORDERS, 3, "c")));
            journal.awaitDurable(ticket);
            journal.awaitDurable(journal.append(List.of(new JournalRecord.Removed(ORDERS, 2),
                    new JournalRecord.Redelivered(ORDERS, 3, 2))));
        }
        try (H2Journal reopened = new H2Journal(dir, policy, 5, "test")) {
            Map<QueueAddress, List<StoredMessage>> queues = loadAll(reopened);
            assertEquals(2, queues.size());
            List<StoredMessage> orders = queues.get(ORDERS);
            assertEquals(List.of("a", "c"), ids(orders));
            assertEquals(List.of(1L, 3L), orders.stream().map(StoredMessage::sequence).toList());
            assertEquals(2, orders.get(1).failedDeliveries());
            assertEquals("hello a", new String(orders.get(0).message().body()));
        }
    }

    @Test
    void aCallerWhoseThreadIsInterruptedDoesNotCloseTheJournal() throws Exception {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "test")) {
            journal.awaitWritten(journal.append(List.of(stored(ORDERS, 1, "before"))));
            // Frameworks interrupt their threads at shutdown, and a JMS receive leaves the status
            // set; the next call of such a thread must not close the file under everybody else.
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    journal.declare("queue:declared-while-interrupted", 1);
                    journal.readSpilled(ORDERS, 4, 0, 10);
                } catch (StoreFailureException acceptable) {
                    // Being refused is fine; closing the journal is not.
                }
            });
            interrupted.start();
            interrupted.join(10_000);
            journal.awaitDurable(journal.append(List.of(stored(ORDERS, 2, "after"))));
            assertEquals(List.of("before", "after"), ids(journal.readSpilled(ORDERS, 4, 0, 10)));
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.SYNC, 0, "test")) {
            assertEquals(List.of("before", "after"), ids(loadAll(reopened).get(ORDERS)));
        }
    }

    @Test
    void spilledMessagesAreReadBackByPriorityInSequenceOrderAndDoNotOutliveTheMember() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            List<JournalRecord> records = new ArrayList<>();
            for (long seq = 1; seq <= 6; seq++) {
                records.add(new JournalRecord.Stored(ORDERS, seq, 0, MessageRecord.builder("s" + seq)
                        .priority(seq % 2 == 0 ? 7 : 4).persistent(seq == 6).body(new byte[10]).build()));
            }
            journal.awaitWritten(journal.append(records));
            assertEquals(List.of("s4", "s6"), ids(journal.readSpilled(ORDERS, 7, 2, 10)));
            assertEquals(List.of("s1", "s3"), ids(journal.readSpilled(ORDERS, 4, 0, 2)));
            assertTrue(journal.readSpilled(ORDERS, 4, 0, 2).get(0).spilled());
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            assertEquals(List.of("s6"), ids(loadAll(reopened).get(ORDERS)), "only the persistent one is left");
        }
    }

    @Test
    void aMessageEnqueuedAndRemovedInOneGroupNeverReachesTheDisk() {
        List<JournalRecord> records = new ArrayList<>();
        records.add(enqueued(ORDERS, 1, "gone"));
        records.add(enqueued(ORDERS, 2, "kept"));
        records.add(new JournalRecord.Redelivered(ORDERS, 2, 1));
        records.add(new JournalRecord.Removed(ORDERS, 1));
        records.add(new JournalRecord.Removed(ORDERS, 9));
        List<JournalRecord> net = new ArrayList<>(JournalBatch.coalesce(records));
        assertEquals(2, net.size());
        assertEquals(1, ((JournalRecord.Stored) net.get(0)).failedDeliveries());
        assertTrue(net.get(1) instanceof JournalRecord.Removed);
    }

    @Test
    void aMessageWrittenAgainAndRemovedInOneGroupIsOnlyDeleted() {
        List<JournalRecord> records = new ArrayList<>();
        records.add(stored(ORDERS, 1, "recovered"));
        records.add(new JournalRecord.Removed(ORDERS, 1));
        List<JournalRecord> net = new ArrayList<>(JournalBatch.coalesce(records));
        assertEquals(1, net.size());
        assertTrue(net.get(0) instanceof JournalRecord.Removed, "the delete stays: a row may be there from before");
    }

    @Test
    void aRowWrittenAgainAndRemovedInOneGroupIsGoneFromTheDisk() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            journal.awaitWritten(journal.append(List.of(stored(ORDERS, 1, "recovered"))));
            // A restart journals what it recovered again; the consumer acknowledges it at once.
            journal.awaitWritten(journal.append(List.of(stored(ORDERS, 1, "recovered"),
                    new JournalRecord.Removed(ORDERS, 1))));
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            assertEquals(null, loadAll(reopened).get(ORDERS), "the acknowledged message would come back");
        }
    }

    @Test
    void aReleasedShardLosesItsRowsAndSubscriptionsButWhatFollowsInTheGroupStays() {
        QueueAddress otherShard = QueueAddress.of("queue:orders", 1, null);
        QueueAddress topic = QueueAddress.of("topic:prices", 0, null);
        try (H2Journal journal = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            journal.awaitWritten(journal.append(List.of(stored(ORDERS, 1, "old"), stored(otherShard, 1, "other"),
                    new JournalRecord.SubscriptionCreated(AUDIT, durable()), stored(AUDIT, 1, "audited"))));
            // One group: what was there goes, and so does what came before the release in the group.
            journal.awaitWritten(journal.append(List.of(stored(ORDERS, 2, "pending"),
                    new JournalRecord.ShardReleased(ORDERS), stored(ORDERS, 3, "rewritten"),
                    new JournalRecord.ShardReleased(topic))));
            Map<QueueAddress, List<StoredMessage>> queues = loadAll(journal);
            assertEquals(List.of("rewritten"), ids(queues.get(ORDERS)));
            assertEquals(List.of("other"), ids(queues.get(otherShard)), "another shard of the queue is not touched");
            assertEquals(null, queues.get(AUDIT));
            assertTrue(journal.subscriptions().isEmpty());
        }
    }

    @Test
    void aMemberThatHandedItsShardsOverForgetsTheirMessagesButNotItsDestinations() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            journal.declare("queue:orders", 4);
            journal.append(List.of(stored(ORDERS, 1, "a"), new JournalRecord.SubscriptionCreated(AUDIT, durable())));
            journal.forgetHeldState();
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            assertTrue(loadAll(reopened).isEmpty());
            assertTrue(reopened.subscriptions().isEmpty());
            assertEquals(Map.of("queue:orders", 4), reopened.destinations());
        }
    }

    @Test
    void queueVersionsSurviveAClearButGoWithTheirQueueOrShard() {
        QueueAddress otherShard = QueueAddress.of("queue:orders", 1, null);
        try (H2Journal journal = new H2Journal(dir, WritePolicy.WRITE, 0, "test")) {
            journal.awaitWritten(journal.append(List.of(stored(ORDERS, 1, "a"), new JournalRecord.QueueVersion(ORDERS, 3),
                    stored(AUDIT, 1, "x"), new JournalRecord.QueueVersion(AUDIT, 2),
                    new JournalRecord.QueueVersion(otherShard, 9))));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.QueueCleared(ORDERS),
                    new JournalRecord.QueueVersion(ORDERS, 4), new JournalRecord.SubscriptionDropped(AUDIT))));
            assertTrue(loadAll(journal).isEmpty(), "cleared and dropped");
            assertEquals(Map.of(ORDERS, 4L, otherShard, 9L), journal.versions());
            journal.awaitWritten(journal.append(List.of(new JournalRecord.ShardReleased(ORDERS))));
            assertEquals(Map.of(otherShard, 9L), journal.versions());
        }
    }

    private static io.cairnmq.engine.topic.SubscriptionDefinition durable() {
        return new io.cairnmq.engine.topic.SubscriptionDefinition(io.cairnmq.engine.api.SubscriptionKind.DURABLE, null,
                false, null);
    }

    @Test
    void aBrokenFileIsReportedWithItsName() throws IOException {
        Files.write(dir.resolve("journal.mv.db"), "this is not an H2 database".repeat(200).getBytes());
        StoreFailureException e = assertThrows(StoreFailureException.class,
                () -> new H2Journal(dir, WritePolicy.SYNC, 0, "test"));
        assertTrue(e.getMessage().contains(dir.resolve("journal.mv.db").toAbsolutePath().toString()), e.getMessage());
    }

    /** A message just enqueued: written for the first time. */
    private static JournalRecord enqueued(QueueAddress queue, long sequence, String id) {
        return new JournalRecord.Stored(queue, sequence, 0,
                MessageRecord.builder(id).persistent(true).body(("hello " + id).getBytes()).build(), true, true);
    }

    /** A message written again (at a restart, or by a new holder). */
    private static JournalRecord stored(QueueAddress queue, long sequence, String id) {
        return new JournalRecord.Stored(queue, sequence, 0,
                MessageRecord.builder(id).persistent(true).body(("hello " + id).getBytes()).build());
    }

    static Map<QueueAddress, List<StoredMessage>> loadAll(Journal journal) {
        Map<QueueAddress, List<StoredMessage>> all = new LinkedHashMap<>();
        journal.load(2, (queue, chunk) -> all.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(chunk));
        return all;
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
