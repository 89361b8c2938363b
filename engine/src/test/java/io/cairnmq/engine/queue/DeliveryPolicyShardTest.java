package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.Redelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard under its destination's delivery policy: a message put back after a failed delivery
 * is held back for the redelivery delay (the owner's decision, replayed as decided); one out of
 * attempts, or expired with an expiry queue, is leased to the requester's mover instead of
 * being delivered or dropped.
 */
@Timeout(10)
class DeliveryPolicyShardTest {

    private static final Holder ALICE = new Holder("member-1", "conn-1", "consumer-1");
    /** Delay 100 ms, times 3 for each further failure, at most 500 ms; three deliveries; queues for both. */
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(100, 3.0, 500, 3, "DLQ", "Expired");
    /** The same delays, and no limit on deliveries. */
    private static final DeliveryPolicy DELAYS = new DeliveryPolicy(100, 3.0, 500, 0, "DLQ", null);

    private final ShardState shard = new ShardState();
    private long batch;

    @Test
    void aCountedReleaseHoldsTheMessageBackForTheDelayGrowingByTheMultiplierUpToTheMaximum() {
        enqueue(message("a"));
        long now = 1_000;
        for (long hold : new long[] {100, 300, 500, 500}) {
            StoredMessage a = leaseOne(now);
            release(a, Redelivery.COUNTED, now);
            LeaseDecision early = decide(now + hold - 1, 10);
            assertEquals(0, early.leased().length, "held back until " + (now + hold));
            assertEquals(now + hold, early.nextDue(), "the requester learns when the hold ends");
            now += hold;
        }
        assertEquals(4, leaseOne(now).failedDeliveries());
    }

    @Test
    void laterMessagesAreDeliveredWhileOneIsHeldBack() {
        enqueue(message("a"), message("b"));
        release(leaseOne(1_000), Redelivery.COUNTED, 1_000);
        assertEquals(List.of("b"), ids(shard.applyLease(ALICE, "t", decide(1_050, 10))));
        assertEquals(List.of("a"), ids(shard.applyLease(ALICE, "t2", decide(1_100, 10))));
    }

    @Test
    void aMessageGivenBackUnusedKeepsTheFailuresItsConsumerCounted() {
        enqueue(message("a"));
        StoredMessage a = leaseOne(1_000);
        shard.applyRelease(shard.decideRelease(ALICE, new long[] {a.sequence()}, Redelivery.NOT_COUNTED, f -> 0, 3));
        assertEquals(3, shard.readyInOrder().get(0).failedDeliveries(),
                "its consumer redelivered it itself three times before it closed");
    }

    @Test
    void aReleaseNotCountedIsNotHeld() {
        enqueue(message("a"));
        StoredMessage a = leaseOne(1_000);
        release(a, Redelivery.COUNTED, 1_000);
        StoredMessage again = leaseOne(2_000);
        release(again, Redelivery.NOT_COUNTED, 2_000);
        assertEquals(List.of("a"), ids(shard.applyLease(ALICE, "t", decide(2_000, 10))),
                "a prefetched message given back unused is deliverable at once");
    }

    @Test
    void aHoldSurvivesTheShardsBinaryFormAndItsReleaseDecisionTheCodec() throws IOException {
        enqueue(message("a"));
        StoredMessage a = leaseOne(1_000);
        ReleaseDecision d = shard.decideRelease(ALICE, new long[] {a.sequence()}, Redelivery.COUNTED,
                ShardState.holdsAfterFailure(POLICY, 1_000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardCodec.writeRelease(new DataOutputStream(bytes), d);
        ReleaseDecision decoded = ShardCodec.readRelease(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(new long[] {1_100}, decoded.heldUntil());
        shard.applyRelease(decoded);

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ShardCodec.writeShard(new DataOutputStream(whole), shard);
        ShardState copy = ShardCodec.readShard(new DataInputStream(new ByteArrayInputStream(whole.toByteArray())));
        assertEquals(1_100, copy.readyInOrder().get(0).heldUntil());
    }

    @Test
    void aMessageOutOfAttemptsGoesToTheMoverWhateverTheSelector() {
        enqueue(keyed("poison", 1), keyed("fine", 2));
        for (int attempt = 1; attempt <= 3; attempt++) {
            StoredMessage poison = leaseOne(attempt * 10_000L);
            release(poison, Redelivery.COUNTED, attempt * 10_000L);
        }
        LeaseDecision d = shard.decideLease(ALICE, "t", 10, new long[0], true, 100_000, "k = 2", POLICY);
        assertEquals(List.of("fine"), ids(shard.applyLease(ALICE, "t", d)));
        assertEquals(1, d.moves().outOfAttempts().length);
        List<StoredMessage> moving = shard.heldForMoving(d.moves().outOfAttempts());
        assertEquals(List.of("poison"), ids(moving));
        assertEquals(3, moving.get(0).failedDeliveries());
        assertEquals(0, shard.readyCount());
        assertEquals(List.of("fine"), ids(leasedTo(ALICE)), "Alice holds none of it: her close does not put it back");
        assertEquals(List.of("poison"), ids(leasedTo(ALICE.mover())));
    }

    @Test
    void aMessageAMoverGaveBackHeldIsNotMovedAgainBeforeTheHoldEnds() {
        enqueue(MessageRecord.builder("expired").expiration(500).build());
        LeaseDecision first = shard.decideLease(ALICE, "t1", 10, new long[0], true, 1_000, null, POLICY);
        shard.applyLease(ALICE, "t1", first);
        long sequence = first.moves().expired()[0];
        shard.applyRelease(shard.decideRelease(ALICE.mover(), new long[] {sequence}, Redelivery.NOT_COUNTED,
                failures -> 2_000));
        LeaseDecision early = shard.decideLease(ALICE, "t2", 10, new long[0], true, 1_500, null, POLICY);
        assertTrue(early.moves().isEmpty(), "a refused move is not tried again at once");
        assertEquals(2_000, early.nextDue(), "the requester comes back when the hold ends");
        LeaseDecision due = shard.decideLease(ALICE, "t3", 10, new long[0], true, 2_000, null, POLICY);
        assertEquals(1, due.moves().expired().length);
    }

    @Test
    void anExpiredMessageGoesToTheMoverWithAnExpiryQueueAndIsDroppedWithout() {
        MessageRecord expired = MessageRecord.builder("expired").expiration(500).build();
        enqueue(expired);
        LeaseDecision d = shard.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null, POLICY);
        shard.applyLease(ALICE, "t", d);
        assertEquals(List.of("expired"), ids(shard.heldForMoving(d.moves().expired())));
        assertEquals(0, d.expired().length);

        ShardState other = new ShardState();
        List<MessageRecord> batch1 = List.of(expired);
        other.applyEnqueue("p", 1, batch1, other.decideEnqueue("p", 1, batch1, null));
        LeaseDecision dropped = other.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null,
                DeliveryPolicy.DEFAULT);
        other.applyLease(ALICE, "t", dropped);
        assertEquals(1, dropped.expired().length);
        assertTrue(dropped.moves().isEmpty());
        assertEquals(0, other.depth());
    }

    @Test
    void aRetriedLeaseGivesTheMoverTheSameMessagesAgain() {
        enqueue(MessageRecord.builder("expired").expiration(500).build(), message("a"));
        LeaseDecision first = shard.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null, POLICY);
        shard.applyLease(ALICE, "t", first);
        LeaseDecision retry = shard.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null, POLICY);
        assertEquals(List.of("a"), ids(shard.applyLease(ALICE, "t", retry)));
        assertArrayEquals(first.moves().expired(), retry.moves().expired());
        assertArrayEquals(first.leased(), retry.leased());
    }

    @Test
    void oneLeaseMovesABoundedNumberAndItsRequesterComesBackForTheRest() {
        for (int i = 0; i < ShardState.MAX_MOVES_PER_LEASE + 6; i++) {
            enqueue(MessageRecord.builder("expired-" + i).expiration(500).build());
        }
        LeaseDecision d = shard.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null, POLICY);
        shard.applyLease(ALICE, "t", d);
        assertEquals(ShardState.MAX_MOVES_PER_LEASE, d.moves().expired().length);
        assertFalse(d.waiterRegistered(), "more to move: the requester asks again rather than waits");
        LeaseDecision rest = shard.decideLease(ALICE, "t2", 10, new long[0], true, 1_000, null, POLICY);
        assertEquals(6, rest.moves().expired().length);
        assertTrue(rest.waiterRegistered());
    }

    @Test
    void whatTheMoverHoldsGoesBackCountedWhenItsConnectionCloses() {
        enqueue(MessageRecord.builder("expired").expiration(500).build());
        shard.applyLease(ALICE, "t", shard.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null, POLICY));
        ReleaseDecision gone = shard.decideReleaseHolders(h -> h.connectionId().equals("conn-1"));
        shard.applyRelease(gone);
        assertEquals(1, shard.readyCount());
        assertEquals(1, shard.readyInOrder().get(0).failedDeliveries());
    }

    @Test
    void theLeaseDecisionsMovesSurviveTheCodec() throws IOException {
        enqueue(MessageRecord.builder("expired").expiration(500).build());
        LeaseDecision d = shard.decideLease(ALICE, "t", 10, new long[0], true, 1_000, null, POLICY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardCodec.writeLease(new DataOutputStream(bytes), d);
        LeaseDecision decoded = ShardCodec.readLease(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(d.moves().expired(), decoded.moves().expired());
        assertArrayEquals(d.moves().outOfAttempts(), decoded.moves().outOfAttempts());
    }

    // ---- helpers

    private void enqueue(MessageRecord... messages) {
        long number = ++batch;
        shard.applyEnqueue("p", number, List.of(messages), shard.decideEnqueue("p", number, List.of(messages), null));
    }

    private LeaseDecision decide(long now, int max) {
        return shard.decideLease(ALICE, "lease-" + now + "-" + max + "-" + batch++, max, new long[0], true, now, null,
                DELAYS);
    }

    private StoredMessage leaseOne(long now) {
        List<StoredMessage> leased = shard.applyLease(ALICE, "one-" + now, decide(now, 1));
        assertEquals(1, leased.size(), "one message deliverable at " + now);
        return leased.get(0);
    }

    private void release(StoredMessage m, Redelivery redelivery, long now) {
        if (m != null) {
            shard.applyRelease(shard.decideRelease(ALICE, new long[] {m.sequence()}, redelivery,
                    redelivery == Redelivery.COUNTED ? ShardState.holdsAfterFailure(DELAYS, now) : f -> 0));
        }
    }

    private List<StoredMessage> leasedTo(Holder holder) {
        List<StoredMessage> result = new ArrayList<>();
        shard.leased.values().forEach(l -> {
            if (l.holder().equals(holder)) {
                result.add(l.message());
            }
        });
        return result;
    }

    private static MessageRecord message(String id) {
        return MessageRecord.builder(id).body(new byte[] {1}).build();
    }

    private static MessageRecord keyed(String id, int k) {
        return MessageRecord.builder(id).property("k", k).build();
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
