package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shard past its memory budget: what stays in memory, what goes to disk, how it comes back. */
class SpillZoneTest {

    private static final Holder ALICE = new Holder("m1", "c1", "alice");
    private static final int SIZE = message(0, 4).estimatedSize();

    private final ShardState shard = new ShardState();
    private long batch;

    @Test
    void messagesPastTheBudgetGoToDiskAndEverythingAfterThemFollows() {
        enqueue(3L * SIZE + SIZE / 2, 1, 2, 3, 4, 5);
        assertEquals(5, shard.readyCount(), "ready counts the disk backlog too");
        assertEquals(3, shard.residentReadyCount());
        assertTrue(shard.hasSpilled());
        assertEquals(3, shard.spillCursor(4), "the backlog starts after the last message kept in memory");
        assertEquals(2, shard.spilledCount(4));

        enqueue(Long.MAX_VALUE, 6);
        assertEquals(3, shard.spilledCount(4), "once spilling, new messages follow onto the disk");
        assertEquals(List.of(1L, 2L, 3L), sequences(lease(10)), "a lease takes only what is in memory");
    }

    @Test
    void pageInBringsMessagesBackInOrderAndWakesWaiters() {
        enqueue(0, 1, 2, 3, 4);
        assertTrue(lease(10).isEmpty());
        assertEquals(List.of(ALICE), List.copyOf(shard.waiters()), "nothing in memory: she waits");

        PageInDecision d = shard.decidePageIn();
        assertEquals(List.of(ALICE), d.woken());
        assertEquals(2, shard.applyPageIn(List.of(stored(1), stored(2)), BacklogPosition.NEXT, d));
        assertEquals(2, shard.spilledCount(4));
        assertTrue(shard.waiters().isEmpty());
        assertEquals(0, shard.applyPageIn(List.of(stored(2)), BacklogPosition.NEXT, shard.decidePageIn()),
                "a repeated page-in adds nothing");
        assertEquals(List.of(1L, 2L), sequences(lease(10)));
    }

    @Test
    void aSelectorPageInAheadOfTheCursorIsSkippedWhenTheCursorPasses() {
        enqueue(0, 1, 2, 3, 4);
        assertEquals(1, shard.applyPageIn(List.of(stored(3)), BacklogPosition.AHEAD, shard.decidePageIn()));
        assertTrue(shard.pagedInEarly(3));
        assertEquals(3, shard.spilledCount(4));
        assertEquals(3, shard.applyPageIn(List.of(stored(1), stored(2), stored(3), stored(4)), BacklogPosition.NEXT,
                shard.decidePageIn()), "3 is in memory already");
        assertFalse(shard.hasSpilled());
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences(lease(10)));
    }

    @Test
    void theBacklogTravelsWithTheShard() throws IOException {
        enqueue(SIZE, 1, 2, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardCodec.writeShard(new DataOutputStream(bytes), shard);
        ShardState copy = ShardCodec.readShard(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(3, copy.readyCount());
        assertEquals(2, copy.spilledCount(4));
        assertEquals(shard.residentBytes(), copy.residentBytes());
    }

    @Test
    void memoryIsCountedAsMessagesComeAndGo() {
        enqueue(Long.MAX_VALUE, 1, 2);
        assertEquals(2L * SIZE, shard.residentBytes());
        List<StoredMessage> leased = lease(1);
        shard.applyAcknowledge(shard.decideAcknowledge(ALICE, new long[] {leased.get(0).sequence()}));
        assertEquals(SIZE, shard.residentBytes());
    }

    // ---- helpers

    private void enqueue(long budget, long... ids) {
        List<MessageRecord> messages = new ArrayList<>();
        for (long id : ids) {
            messages.add(message(id, 4));
        }
        long number = ++batch;
        EnqueueDecision d = shard.decideEnqueue("p", number, messages, null, 0, budget);
        shard.applyEnqueue("p", number, messages, d);
    }

    private List<StoredMessage> lease(int max) {
        String token = "t" + (++batch);
        LeaseDecision d = shard.decideLease(ALICE, token, max, new long[0], true, 0);
        return shard.applyLease(ALICE, token, d);
    }

    private static StoredMessage stored(long sequence) {
        return new StoredMessage(sequence, message(sequence, 4), 0);
    }

    private static MessageRecord message(long id, int priority) {
        return MessageRecord.builder("m" + id).priority(priority).body(new byte[1024]).build();
    }

    private static List<Long> sequences(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::sequence).toList();
    }
}
