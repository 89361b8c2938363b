package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ShardStateTest {

    private static final Holder ALICE = new Holder("member-1", "conn-1", "consumer-1");
    private static final Holder BOB = new Holder("member-2", "conn-2", "consumer-2");

    private final ShardState shard = new ShardState();
    private long batch;

    @Test
    void sendLeaseAcknowledgeRoundTrip() {
        enqueue("p", message("a", 4), message("b", 4));
        List<StoredMessage> leased = lease(ALICE, "t1", 10);
        assertEquals(List.of("a", "b"), ids(leased));
        assertEquals(0, shard.readyCount());
        assertEquals(2, shard.leasedCount());

        long[] acks = leased.stream().mapToLong(StoredMessage::sequence).toArray();
        shard.applyAcknowledge(shard.decideAcknowledge(ALICE, acks));
        assertEquals(0, shard.leasedCount());
        assertEquals(0, shard.readyCount());
    }

    @Test
    void higherPriorityFirstAndFifoWithinPriority() {
        enqueue("p", message("low-1", 1), message("high-1", 9), message("mid-1", 5),
                message("high-2", 9), message("low-2", 1), message("mid-2", 5));
        assertEquals(List.of("high-1", "high-2", "mid-1", "mid-2", "low-1", "low-2"), ids(lease(ALICE, "t", 10)));
    }

    @Test
    void leaseOfNothingRegistersAWaiterOnlyWhenNothingIsReady() {
        enqueue("p", message("a", 4));
        assertTrue(lease(ALICE, "t1", 0).isEmpty());
        assertTrue(shard.waiters().isEmpty(), "a message is ready, so Alice does not wait");
    }

    @Test
    void leaseTakesAtMostMax() {
        enqueue("p", message("a", 4), message("b", 4), message("c", 4));
        assertEquals(List.of("a", "b"), ids(lease(ALICE, "t1", 2)));
        assertEquals(List.of("c"), ids(lease(ALICE, "t2", 2)));
    }

    @Test
    void releaseCountedAsDeliveryComesBackRedeliveredAtItsPlace() {
        enqueue("p", message("a", 4), message("b", 4));
        List<StoredMessage> first = lease(ALICE, "t1", 1);
        assertEquals(1, first.get(0).toDelivery(0).deliveryCount());
        assertFalse(first.get(0).toDelivery(0).redelivered());

        shard.applyRelease(shard.decideRelease(ALICE, new long[] {first.get(0).sequence()}, Redelivery.COUNTED));
        List<StoredMessage> again = lease(BOB, "t2", 10);
        assertEquals(List.of("a", "b"), ids(again));
        assertTrue(again.get(0).toDelivery(0).redelivered());
        assertEquals(2, again.get(0).toDelivery(0).deliveryCount());
        assertFalse(again.get(1).toDelivery(0).redelivered());

        shard.applyRelease(shard.decideRelease(BOB, new long[] {again.get(0).sequence()}, Redelivery.COUNTED));
        assertEquals(3, lease(ALICE, "t3", 1).get(0).toDelivery(0).deliveryCount());
    }

    @Test
    void releaseNotCountedLeavesDeliveryCountAlone() {
        enqueue("p", message("a", 4));
        StoredMessage m = lease(ALICE, "t1", 1).get(0);
        shard.applyRelease(shard.decideRelease(ALICE, new long[] {m.sequence()}, Redelivery.NOT_COUNTED));
        assertEquals(1, lease(ALICE, "t2", 1).get(0).toDelivery(0).deliveryCount());
    }

    @Test
    void onlyTheHolderCanAcknowledgeOrRelease() {
        enqueue("p", message("a", 4));
        StoredMessage m = lease(ALICE, "t1", 1).get(0);
        assertEquals(0, shard.decideAcknowledge(BOB, new long[] {m.sequence()}).length);
        assertEquals(ReleaseDecision.NOTHING, shard.decideRelease(BOB, new long[] {m.sequence()}, Redelivery.COUNTED));
        assertEquals(1, shard.leasedCount());
    }

    @Test
    void goneHoldersAreReleasedRedeliveredAndTheirWaitersForgotten() {
        enqueue("p", message("a", 4), message("b", 4));
        lease(ALICE, "t1", 1);
        assertEquals(List.of("b"), ids(lease(BOB, "t2", 1)));
        lease(BOB, "t3", 1); // nothing left: Bob now waits
        assertEquals(List.of(BOB), List.copyOf(shard.waiters()));

        ReleaseDecision d = shard.decideReleaseHolders(h -> h.memberId().equals("member-1"));
        shard.applyRelease(d);
        assertEquals(List.of(BOB), d.woken(), "Bob waits and a message became ready");
        assertTrue(shard.waiters().isEmpty());
        StoredMessage back = lease(BOB, "t4", 5).get(0);
        assertEquals("a", back.message().id());
        assertTrue(back.toDelivery(0).redelivered());

        lease(BOB, "t5", 1); // Bob waits again
        ReleaseDecision bobGone = shard.decideReleaseHolders(h -> h.connectionId().equals("conn-2"));
        shard.applyRelease(bobGone);
        assertEquals(List.of(BOB), bobGone.dropped());
        assertTrue(shard.waiters().isEmpty());
        assertEquals(2, shard.readyCount());
    }

    @Test
    void arrivalWakesWaitersOnce() {
        assertTrue(lease(ALICE, "t1", 5).isEmpty());
        assertEquals(List.of(ALICE), List.copyOf(shard.waiters()));
        EnqueueDecision d = enqueue("p", message("a", 4));
        assertEquals(List.of(ALICE), d.woken());
        assertTrue(shard.waiters().isEmpty());
        assertTrue(enqueue("p", message("b", 4)).woken().isEmpty());
    }

    @Test
    void expiredMessagesAreDroppedNotLeased() {
        MessageRecord expired = MessageRecord.builder("old").expiration(1_000).build();
        MessageRecord fresh = MessageRecord.builder("new").expiration(0).build();
        enqueue("p", expired, fresh);
        LeaseDecision d = shard.decideLease(ALICE, "t", 10, new long[0], true, 2_000);
        assertEquals(1, d.expired().length);
        assertEquals(List.of("new"), ids(shard.applyLease(ALICE, "t", d)));
        assertEquals(0, shard.readyCount());
    }

    @Test
    void takingTheLastReadyMessageLeavesTheConsumerWaiting() {
        enqueue("p", message("a", 4));
        assertEquals(List.of("a"), ids(lease(ALICE, "t1", 10)));
        assertEquals(List.of(ALICE), List.copyOf(shard.waiters()));
    }

    @Test
    void aBatchGoesStraightToConsumersWaitingOnTheProducersMemberInDeliveryOrder() {
        lease(ALICE, "t1", 2); // Alice (member-1) waits with room for 2
        lease(BOB, "t2", 5);   // Bob (member-2) waits too
        List<MessageRecord> batch = List.of(message("low", 1), message("high", 9), message("mid", 5));
        EnqueueDecision d = shard.decideEnqueue("p", 1, batch, "member-1");
        List<HandedOff> handed = shard.applyEnqueue("p", 1, batch, d);
        assertEquals(1, handed.size());
        assertEquals(ALICE, handed.get(0).holder());
        assertEquals(List.of("high", "mid"), ids(handed.get(0).messages()));
        assertEquals(2, shard.leasedCount(), "handed-off messages are leased to Alice");
        assertEquals(List.of(BOB), d.woken(), "one message is left ready, so Bob is woken");
        assertTrue(shard.waiters().isEmpty(), "Alice's room is used up, so her wait ended too");
        assertEquals(List.of("low"), ids(lease(BOB, "t3", 5)));
    }

    @Test
    void aBatchFullyHandedOffLeavesOtherWaitersWaiting() {
        lease(ALICE, "t1", 5);
        lease(BOB, "t2", 5);
        List<MessageRecord> batch = List.of(message("only", 4));
        EnqueueDecision d = shard.decideEnqueue("p", 1, batch, "member-1");
        shard.applyEnqueue("p", 1, batch, d);
        assertTrue(d.woken().isEmpty());
        assertEquals(java.util.Set.of(ALICE, BOB), java.util.Set.copyOf(shard.waiters()),
                "Alice had room for 5 and took 1: she stays registered, with room for 4");
        assertEquals(0, shard.readyCount());
    }

    @Test
    void aReplayedHandOffOnABackupGivesTheSameLeases() {
        lease(ALICE, "t1", 5);
        ShardState backup = new ShardState();
        backup.applyLease(ALICE, "t1", new LeaseDecision(new long[0], new long[0], new long[0], 5, 1, 0, null));
        List<MessageRecord> batch = List.of(message("x", 4));
        EnqueueDecision d = shard.decideEnqueue("p", 1, batch, "member-1");
        shard.applyEnqueue("p", 1, batch, d);
        backup.applyEnqueue("p", 1, batch, d);
        assertEquals(shard.leasedCount(), backup.leasedCount());
        assertEquals(shard.readyCount(), backup.readyCount());
        assertEquals(shard.waiters(), backup.waiters());
    }

    @Test
    void aMessageNotYetDueIsSkippedAndItsTimeReported() {
        MessageRecord later = MessageRecord.builder("later").deliveryTime(5_000).build();
        MessageRecord now = MessageRecord.builder("now").deliveryTime(1_000).build();
        EnqueueDecision d = shard.decideEnqueue("p", 1, List.of(later, now), "member-1", 2_000);
        shard.applyEnqueue("p", 1, List.of(later, now), d);
        LeaseDecision first = shard.decideLease(ALICE, "t1", 10, new long[0], true, 2_000);
        assertEquals(List.of("now"), ids(shard.applyLease(ALICE, "t1", first)));
        assertTrue(first.waiterRegistered(), "nothing else deliverable: Alice waits");
        assertEquals(5_000, first.nextDue());
        LeaseDecision due = shard.decideLease(ALICE, "t2", 10, new long[0], true, 5_000);
        assertEquals(List.of("later"), ids(shard.applyLease(ALICE, "t2", due)));
        assertEquals(0, due.nextDue());
    }

    @Test
    void aDelayedMessageIsNeverHandedOffButWakesTheWaiters() {
        lease(ALICE, "t1", 5);
        MessageRecord later = MessageRecord.builder("later").deliveryTime(9_000).build();
        EnqueueDecision d = shard.decideEnqueue("p", 1, List.of(later), "member-1", 1_000);
        assertTrue(d.handOffs().isEmpty());
        assertEquals(List.of(ALICE), d.woken(), "Alice must come and learn when it is due");
    }

    // ---- idempotency under at-least-once retries

    @Test
    void aRetriedBatchIsStoredOnce() {
        List<MessageRecord> batch1 = List.of(message("a", 4), message("b", 4));
        EnqueueDecision first = shard.decideEnqueue("p", 1, batch1, null);
        shard.applyEnqueue("p", 1, batch1, first);
        EnqueueDecision retry = shard.decideEnqueue("p", 1, batch1, null);
        assertTrue(retry.duplicate());
        shard.applyEnqueue("p", 1, batch1, retry);
        assertEquals(2, shard.readyCount());

        List<MessageRecord> other = List.of(message("c", 4));
        shard.applyEnqueue("q", 1, other, shard.decideEnqueue("q", 1, other, null));
        assertEquals(3, shard.readyCount(), "another producer's batch 1 is not a duplicate");
    }

    @Test
    void aReplayedBackupEnqueueDoesNotDuplicate() {
        List<MessageRecord> batch1 = List.of(message("a", 4));
        EnqueueDecision d = shard.decideEnqueue("p", 1, batch1, null);
        shard.applyEnqueue("p", 1, batch1, d);
        shard.applyEnqueue("p", 1, batch1, d);
        assertEquals(1, shard.readyCount());
    }

    @Test
    void aRetriedLeaseHandsOutTheSameMessages() {
        enqueue("p", message("a", 4), message("b", 4), message("c", 4));
        List<StoredMessage> first = lease(ALICE, "token", 2);
        List<StoredMessage> retried = lease(ALICE, "token", 2);
        assertEquals(ids(first), ids(retried));
        assertEquals(2, shard.leasedCount());
        assertEquals(1, shard.readyCount());
    }

    @Test
    void aReplayedLeaseDecisionChangesNothingMore() {
        enqueue("p", message("a", 4));
        LeaseDecision d = shard.decideLease(ALICE, "t", 5, new long[0], true, 0);
        shard.applyLease(ALICE, "t", d);
        assertEquals(List.of("a"), ids(shard.applyLease(ALICE, "t", d)));
        assertEquals(1, shard.leasedCount());
        assertEquals(0, shard.readyCount());
    }

    @Test
    void retriedAcknowledgeAndReleaseAreHarmless() {
        enqueue("p", message("a", 4), message("b", 4));
        List<StoredMessage> leased = lease(ALICE, "t", 2);
        long a = leased.get(0).sequence();
        long b = leased.get(1).sequence();
        long[] acked = shard.decideAcknowledge(ALICE, new long[] {a});
        shard.applyAcknowledge(acked);
        shard.applyAcknowledge(acked);
        assertArrayEquals(new long[0], shard.decideAcknowledge(ALICE, new long[] {a}));

        ReleaseDecision release = shard.decideRelease(ALICE, new long[] {b}, Redelivery.COUNTED);
        shard.applyRelease(release);
        shard.applyRelease(release);
        assertEquals(1, shard.readyCount());
        assertEquals(0, shard.leasedCount());
        assertEquals(2, lease(BOB, "t2", 5).get(0).toDelivery(0).deliveryCount());
    }

    @Test
    void encodedShardDecodesToTheSameState() throws Exception {
        enqueue("p", message("a", 7), message("b", 2), message("c", 4));
        lease(ALICE, "t1", 1);
        lease(BOB, "t2", 5);
        lease(BOB, "t3", 5);
        var bytes = new java.io.ByteArrayOutputStream();
        ShardCodec.writeShard(new java.io.DataOutputStream(bytes), shard);
        ShardState copy = ShardCodec.readShard(new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(shard.readyCount(), copy.readyCount());
        assertEquals(shard.leasedCount(), copy.leasedCount());
        assertEquals(ids(shard.readyInOrder()), ids(copy.readyInOrder()));
        assertEquals(List.copyOf(shard.waiters()), List.copyOf(copy.waiters()));
        assertTrue(copy.decideEnqueue("p", 1, List.of(), null).duplicate(), "producer batch numbers survive a copy");
        assertEquals(List.of("a"), ids(lease(ALICE, "t1", 1, copy)), "lease tokens survive a copy");
    }

    @Test
    void aSelectorLeasesOnlyMatchesAndWaitsOnlyForThem() {
        shard.applyEnqueue("p", 1, List.of(keyed("a", 1), keyed("b", 2), keyed("c", 1)),
                shard.decideEnqueue("p", 1, List.of(keyed("a", 1), keyed("b", 2), keyed("c", 1)), null));
        LeaseDecision d = shard.decideLease(ALICE, "t1", 10, new long[0], true, 0, "k = 1");
        assertEquals(List.of("a", "c"), ids(shard.applyLease(ALICE, "t1", d)));
        assertEquals(List.of(ALICE), List.copyOf(shard.waiters()), "she saw the whole shard, so she waits");

        List<MessageRecord> other = List.of(keyed("d", 2));
        EnqueueDecision nothingForHer = shard.decideEnqueue("p", 2, other, ALICE.memberId());
        assertTrue(nothingForHer.handOffs().isEmpty() && nothingForHer.woken().isEmpty());
        shard.applyEnqueue("p", 2, other, nothingForHer);

        List<MessageRecord> mixed = List.of(keyed("e", 2), keyed("f", 1));
        EnqueueDecision forHer = shard.decideEnqueue("p", 3, mixed, ALICE.memberId());
        List<HandedOff> handedOff = shard.applyEnqueue("p", 3, mixed, forHer);
        assertEquals(List.of("f"), ids(handedOff.get(0).messages()));
        assertEquals(List.of("b", "d", "e"), ids(lease(BOB, "t2", 10)), "what she did not select stays for others");
    }

    // ---- helpers

    private static MessageRecord keyed(String id, int k) {
        return MessageRecord.builder(id).property("k", k).build();
    }

    private EnqueueDecision enqueue(String producer, MessageRecord... messages) {
        long number = ++batch;
        EnqueueDecision d = shard.decideEnqueue(producer, number, List.of(messages), null);
        shard.applyEnqueue(producer, number, List.of(messages), d);
        return d;
    }

    private List<StoredMessage> lease(Holder holder, String token, int max) {
        return lease(holder, token, max, shard);
    }

    private static List<StoredMessage> lease(Holder holder, String token, int max, ShardState state) {
        LeaseDecision d = state.decideLease(holder, token, max, new long[0], true, System.currentTimeMillis());
        return state.applyLease(holder, token, d);
    }

    private static MessageRecord message(String id, int priority) {
        return MessageRecord.builder(id).priority(priority).body(new byte[] {1, 2, 3}).build();
    }

    private static List<String> ids(List<StoredMessage> messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.message().id()));
        return ids;
    }
}
