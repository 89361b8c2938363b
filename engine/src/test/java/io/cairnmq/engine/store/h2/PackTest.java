package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages a group commit stores together for one queue are kept as a pack: what is removed,
 * redelivered, rewritten or dropped of them is exactly as if each had a row of its own.
 */
@Timeout(60)
class PackTest {

    private static final QueueAddress ORDERS = QueueAddress.of("queue:orders", 0, null);
    private static final QueueAddress OTHER_SHARD = QueueAddress.of("queue:orders", 1, null);
    private static final QueueAddress AUDIT = QueueAddress.of("topic:prices", 0, "durable/client/audit");

    @TempDir
    Path dir;

    @Test
    void packedMessagesComeBackInSequenceOrderBetweenSingleRows() {
        try (H2Journal journal = open()) {
            List<JournalRecord> group = new ArrayList<>();
            for (long seq : new long[] {1, 2, 3, 4, 6, 8}) {
                group.add(enqueued(ORDERS, seq, 4));
            }
            journal.awaitWritten(journal.append(group));
            // Fewer than a pack's worth: rows of their own, between the pack's sequences.
            journal.awaitWritten(journal.append(List.of(enqueued(ORDERS, 7, 4), enqueued(ORDERS, 5, 4))));
        }
        try (H2Journal reopened = open()) {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
                    load(reopened).get(ORDERS).stream().map(StoredMessage::sequence).toList());
            assertEquals(List.of("m3", "m4", "m5", "m6"), ids(reopened.readSpilled(ORDERS, 4, 2, 4)));
        }
    }

    @Test
    void aPackComesBackWithItsRemovalsAndRedeliveries() {
        try (H2Journal journal = open()) {
            journal.awaitWritten(journal.append(enqueued(ORDERS, 1, 10, 4)));
            journal.awaitWritten(journal.append(enqueued(ORDERS, 11, 3, 4)));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.Removed(ORDERS, 2),
                    new JournalRecord.Removed(ORDERS, 9), new JournalRecord.Redelivered(ORDERS, 3, 2))));
            assertEquals(1, journal.rows("cairn_pack"), "three messages are rows of their own, ten are one pack");
            assertEquals(3, journal.rows("cairn_message"));
        }
        try (H2Journal reopened = open()) {
            List<StoredMessage> orders = load(reopened).get(ORDERS);
            assertEquals(List.of(1L, 3L, 4L, 5L, 6L, 7L, 8L, 10L, 11L, 12L, 13L),
                    orders.stream().map(StoredMessage::sequence).toList());
            assertEquals(2, orders.get(1).failedDeliveries());
            assertEquals("m3", orders.get(1).message().id());
            assertFalse(orders.get(0).spilled());
        }
    }

    @Test
    void aPackWhoseMessagesAreAllGoneLeavesNoRow() {
        try (H2Journal journal = open()) {
            journal.awaitWritten(journal.append(enqueued(ORDERS, 1, 5, 4)));
            List<JournalRecord> removals = new ArrayList<>();
            for (long seq = 1; seq <= 5; seq++) {
                removals.add(new JournalRecord.Removed(ORDERS, seq));
            }
            journal.awaitWritten(journal.append(removals.subList(0, 2)));
            assertEquals(1, journal.rows("cairn_pack"));
            journal.awaitWritten(journal.append(removals.subList(2, 5)));
        }
        assertEquals(0, count("cairn_pack"));
        assertEquals(0, count("cairn_pack_body"));
        try (H2Journal reopened = open()) {
            assertTrue(load(reopened).isEmpty());
        }
    }

    @Test
    void oneGroupDeletesABoundedNumberOfEmptiedPacksAndTheNextGroupsTheRest() {
        int packs = H2Packs.MAX_DELETES * 2 + 1;
        List<JournalRecord> removals = new ArrayList<>();
        try (H2Journal journal = open()) {
            for (int p = 0; p < packs; p++) {
                journal.awaitWritten(journal.append(enqueued(ORDERS, p * 4L + 1, 4, 4)));
            }
            assertEquals(packs, journal.rows("cairn_pack"));
            for (long seq = 1; seq <= packs * 4L; seq++) {
                removals.add(new JournalRecord.Removed(ORDERS, seq));
            }
            // Deleting a pack keeps its body in H2's undo log until the commit: one group deletes a few.
            journal.awaitWritten(journal.append(removals));
            assertEquals(packs - H2Packs.MAX_DELETES, journal.rows("cairn_pack"));
            assertEquals(packs - H2Packs.MAX_DELETES, journal.rows("cairn_pack_body"));
        }
        try (H2Journal reopened = open()) {
            // The packs left are written empty: nothing comes back, and the next group deletes more of them.
            assertTrue(load(reopened).isEmpty());
            reopened.awaitWritten(reopened.append(List.of(enqueued(OTHER_SHARD, 1, 4))));
            assertEquals(packs - 2L * H2Packs.MAX_DELETES, reopened.rows("cairn_pack"));
            reopened.awaitWritten(reopened.append(List.of(new JournalRecord.Removed(OTHER_SHARD, 1))));
            assertEquals(0, reopened.rows("cairn_pack"));
            assertEquals(0, reopened.rows("cairn_pack_body"));
        }
    }

    @Test
    void aPackedMessageWrittenAgainHasOnePlaceOnly() {
        try (H2Journal journal = open()) {
            journal.awaitWritten(journal.append(enqueued(ORDERS, 1, 5, 4)));
            // A restart (or a new holder) writes a message again, with what it knows of it now.
            journal.awaitWritten(journal.append(List.of(new JournalRecord.Stored(ORDERS, 3, 4, message("m3", 4)))));
        }
        try (H2Journal reopened = open()) {
            List<StoredMessage> orders = load(reopened).get(ORDERS);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), orders.stream().map(StoredMessage::sequence).toList());
            assertEquals(4, orders.get(2).failedDeliveries());
            reopened.awaitWritten(reopened.append(List.of(new JournalRecord.Removed(ORDERS, 3))));
        }
        try (H2Journal reopened = open()) {
            assertEquals(List.of(1L, 2L, 4L, 5L), load(reopened).get(ORDERS).stream().map(StoredMessage::sequence).toList());
        }
    }

    @Test
    void spilledReadsMergePacksAndRowsByPriorityInSequenceOrder() {
        try (H2Journal journal = open()) {
            List<JournalRecord> group = new ArrayList<>();
            for (long seq = 1; seq <= 8; seq++) {
                group.add(new JournalRecord.Stored(ORDERS, seq, 0, message("m" + seq, seq % 2 == 0 ? 7 : 4), true,
                        true));
            }
            journal.awaitWritten(journal.append(group));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.Stored(ORDERS, 9, 0, message("m9", 4), true,
                    true), new JournalRecord.Stored(ORDERS, 10, 0, message("m10", 7), true, true))));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.Removed(ORDERS, 3))));
            assertEquals(List.of("m1", "m5", "m7", "m9"), ids(journal.readSpilled(ORDERS, 4, 0, 10)));
            assertEquals(List.of("m5", "m7"), ids(journal.readSpilled(ORDERS, 4, 1, 2)));
            assertEquals(List.of("m8", "m10"), ids(journal.readSpilled(ORDERS, 7, 6, 10)));
            List<String> walked = new ArrayList<>();
            journal.visitSpilled(ORDERS, 7, 0, m -> walked.add(m.message().id()));
            assertEquals(List.of("m2", "m4", "m6", "m8", "m10"), walked);
        }
    }

    @Test
    void spilledBodiesInPacksDoNotOutliveTheMember() {
        try (H2Journal journal = open()) {
            List<JournalRecord> group = new ArrayList<>();
            for (long seq = 1; seq <= 6; seq++) {
                group.add(new JournalRecord.Stored(ORDERS, seq, 0, MessageRecord.builder("s" + seq).priority(4)
                        .persistent(false).body(new byte[10]).build(), false, true));
            }
            journal.awaitWritten(journal.append(group));
            assertTrue(journal.readSpilled(ORDERS, 4, 0, 10).get(0).spilled());
            assertEquals(1, journal.rows("cairn_pack"));
        }
        try (H2Journal reopened = open()) {
            assertTrue(load(reopened).isEmpty());
        }
        assertEquals(0, count("cairn_pack_body"));
    }

    @Test
    void releasedShardsClearedQueuesAndDroppedSubscriptionsTakeTheirPacks() {
        try (H2Journal journal = open()) {
            List<JournalRecord> group = new ArrayList<>(enqueued(ORDERS, 1, 5, 4));
            group.addAll(enqueued(OTHER_SHARD, 1, 5, 4));
            group.addAll(enqueued(AUDIT, 1, 5, 4));
            journal.awaitWritten(journal.append(group));
            assertEquals(3, journal.rows("cairn_pack"));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.ShardReleased(ORDERS),
                    new JournalRecord.SubscriptionDropped(AUDIT))));
            Map<QueueAddress, List<StoredMessage>> left = load(journal);
            assertEquals(List.of(OTHER_SHARD), List.copyOf(left.keySet()));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.QueueCleared(OTHER_SHARD))));
            assertTrue(load(journal).isEmpty());
            // What a new holder writes afterwards under the same sequences is kept.
            journal.awaitWritten(journal.append(enqueued(ORDERS, 1, 5, 4)));
            assertEquals(5, load(journal).get(ORDERS).size());
        }
        assertEquals(1, count("cairn_pack"));
    }

    @Test
    void aMemberThatForgetsWhatItHeldForgetsItsPacks() {
        try (H2Journal journal = open()) {
            journal.awaitWritten(journal.append(enqueued(ORDERS, 1, 5, 4)));
            journal.forgetHeldState();
            assertNull(load(journal).get(ORDERS));
            journal.awaitWritten(journal.append(List.of(new JournalRecord.Removed(ORDERS, 1))));
        }
        assertEquals(0, count("cairn_pack"));
    }

    @Test
    void largeGroupsAreCutIntoPacksOfBoundedSize() {
        try (H2Journal journal = open()) {
            List<JournalRecord> group = new ArrayList<>();
            for (long seq = 1; seq <= 40; seq++) {
                group.add(new JournalRecord.Stored(ORDERS, seq, 0, MessageRecord.builder("m" + seq).persistent(true)
                        .body(new byte[4_000]).build(), true, true));
            }
            journal.awaitWritten(journal.append(group));
            assertEquals(40, load(journal).get(ORDERS).size());
        }
        assertTrue(count("cairn_pack") >= 2, "160 kilobytes of messages, packs of about 64");
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void aFullReadHandsOutEveryPackedMessageThoughTheRecoveryClearsTheQueueAfterTheFirstChunk() {
        try (H2Journal journal = open()) {
            // Packs of several messages each, as the commits of transactions of 100 leave them.
            for (long first = 1; first <= 300; first += 100) {
                List<JournalRecord> commit = new ArrayList<>(enqueued(ORDERS, first, 100, 4));
                commit.add(new JournalRecord.QueueVersion(ORDERS, first / 100 + 1));
                journal.awaitWritten(journal.append(commit));
            }
        }
        try (H2Journal reopened = open()) {
            List<Long> handedOut = new ArrayList<>();
            reopened.load(100, (queue, chunk) -> {
                // What a restart's recovery does with the first chunk of a queue whose rows it
                // replaces: clears them and writes the chunk again, committed before the next chunk.
                List<JournalRecord> rewrite = new ArrayList<>();
                if (handedOut.isEmpty()) {
                    rewrite.add(new JournalRecord.QueueCleared(queue));
                }
                chunk.forEach(m -> rewrite.add(new JournalRecord.Stored(queue, m.sequence(), 0, m.message())));
                reopened.awaitWritten(reopened.append(rewrite));
                chunk.forEach(m -> handedOut.add(m.sequence()));
            });
            assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), handedOut,
                    "every message read once, though its pack was dropped while the read went on");
        }
        try (H2Journal again = open()) {
            assertEquals(300, load(again).get(ORDERS).size(), "all of them written again");
        }
    }

    private H2Journal open() {
        return new H2Journal(dir, WritePolicy.WRITE, 0, "test");
    }

    /** Rows of a table, read from the file by a journal opened for that. */
    private long count(String table) {
        try (H2Journal journal = open()) {
            return journal.rows(table);
        }
    }

    private static List<JournalRecord> enqueued(QueueAddress queue, long first, int count, int priority) {
        List<JournalRecord> records = new ArrayList<>();
        for (long seq = first; seq < first + count; seq++) {
            records.add(new JournalRecord.Stored(queue, seq, 0, message("m" + seq, priority), true, true));
        }
        return records;
    }

    private static JournalRecord.Stored enqueued(QueueAddress queue, long sequence, int priority) {
        return new JournalRecord.Stored(queue, sequence, 0, message("m" + sequence, priority), true, true);
    }

    private static MessageRecord message(String id, int priority) {
        return MessageRecord.builder(id).priority(priority).persistent(true).body(("hello " + id).getBytes()).build();
    }

    private static Map<QueueAddress, List<StoredMessage>> load(H2Journal journal) {
        Map<QueueAddress, List<StoredMessage>> all = new LinkedHashMap<>();
        journal.load(3, (queue, chunk) -> all.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(chunk));
        return all;
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
