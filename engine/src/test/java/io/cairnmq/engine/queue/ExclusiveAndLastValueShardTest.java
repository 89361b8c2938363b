package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard of an exclusive queue delivers to one consumer until it goes, then to the next that
 * asks; a shard of a last-value queue keeps only the newest waiting message per value.
 */
@Timeout(10)
class ExclusiveAndLastValueShardTest {

    private static final Holder ALICE = new Holder("member-1", "conn-1", "consumer-1");
    private static final Holder BOB = new Holder("member-1", "conn-2", "consumer-2");
    private static final DeliveryPolicy EXCLUSIVE = new DeliveryPolicy(0, 1.0, 0, 0, null, null, true, null);
    private static final DeliveryPolicy LAST_VALUE = new DeliveryPolicy(0, 1.0, 0, 0, null, null, false, "symbol");

    private final ShardState shard = new ShardState();
    private long batch;
    private long token;

    @Test
    void theFirstConsumerToAskHasTheQueueUntilItsConnectionGoesThenTheNext() {
        enqueue(EXCLUSIVE, plain("a"), plain("b"));
        assertEquals(List.of("a"), ids(lease(ALICE, 1, EXCLUSIVE)));
        assertEquals(ALICE, shard.exclusiveConsumer());
        LeaseDecision bob = decide(BOB, 10, EXCLUSIVE);
        assertEquals(0, bob.leased().length, "Bob gets nothing while Alice has the queue");
        assertTrue(bob.waiterRegistered(), "Bob waits");
        shard.applyLease(BOB, "bob-" + token, bob);

        EnqueueDecision more = shard.decideEnqueue("p", ++batch, List.of(plain("c")), "member-1", 0, Long.MAX_VALUE,
                EXCLUSIVE);
        assertTrue(more.handOffs().isEmpty() && more.woken().isEmpty(), "a new message is for Alice alone");
        shard.applyEnqueue("p", batch, List.of(plain("c")), more);

        ReleaseDecision gone = shard.decideReleaseHolders(h -> h.connectionId().equals("conn-1"));
        assertEquals(List.of(ALICE), gone.left());
        assertEquals(List.of(BOB), gone.woken(), "Bob is woken to take over");
        shard.applyRelease(gone);
        assertNull(shard.exclusiveConsumer());
        List<StoredMessage> taken = lease(BOB, 10, EXCLUSIVE);
        assertEquals(List.of("a", "b", "c"), ids(taken), "Bob gets what Alice had first, in order");
        assertEquals(1, taken.get(0).failedDeliveries(), "what Alice held comes again redelivered");
        assertEquals(BOB, shard.exclusiveConsumer());
    }

    @Test
    void aConsumerThatStopsLeavesTheQueueToTheNextAndKeepsWhatItDelivered() {
        enqueue(EXCLUSIVE, plain("a"), plain("b"));
        lease(ALICE, 1, EXCLUSIVE);
        shard.applyLease(BOB, "bob", shard.decideLease(BOB, "bob", 10, new long[0], true, 1_000, null, EXCLUSIVE));
        ReleaseDecision left = shard.decideLeave(h -> h.consumerId().equals("consumer-1"));
        assertEquals(List.of(ALICE), left.left());
        assertEquals(List.of(BOB), left.woken());
        shard.applyRelease(left);
        assertEquals(List.of("b"), ids(lease(BOB, 10, EXCLUSIVE)));
        assertEquals(1, shard.heldBy(ALICE).length, "Alice's session still holds a");
    }

    @Test
    void aNewMessageReplacesTheWaitingOneWithTheSameValue() {
        enqueue(LAST_VALUE, priced("a1", "AAA"), priced("b1", "BBB"));
        enqueue(LAST_VALUE, priced("a2", "AAA"));
        enqueue(LAST_VALUE, plain("no-key"));
        assertEquals(List.of("b1", "a2", "no-key"), ids(shard.readyInOrder()));
        enqueue(LAST_VALUE, priced("b2", "BBB"), priced("b3", "BBB"), priced("a3", "AAA"));
        assertEquals(List.of("no-key", "b3", "a3"), ids(shard.readyInOrder()),
                "within one batch too, only the newest of each value stays");
        assertEquals(3, shard.depth());
    }

    @Test
    void aDeliveredMessageIsNotReplaced() {
        enqueue(LAST_VALUE, priced("a1", "AAA"));
        assertEquals(List.of("a1"), ids(lease(ALICE, 1, LAST_VALUE)));
        enqueue(LAST_VALUE, priced("a2", "AAA"));
        enqueue(LAST_VALUE, priced("a3", "AAA"));
        assertEquals(List.of("a3"), ids(shard.readyInOrder()));
        assertEquals(2, shard.depth(), "a1 stays leased to Alice");
    }

    @Test
    void exclusivityAndTheNewestValuesSurviveTheShardsBinaryForm() throws IOException {
        enqueue(LAST_VALUE, priced("a1", "AAA"));
        lease(ALICE, 0, EXCLUSIVE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardCodec.writeShard(new DataOutputStream(bytes), shard);
        ShardState copy = ShardCodec.readShard(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(ALICE, copy.exclusiveConsumer());
        List<MessageRecord> next = List.of(priced("a2", "AAA"));
        copy.applyEnqueue("p", 99, next, copy.decideEnqueue("p", 99, next, null, 0, Long.MAX_VALUE, LAST_VALUE));
        assertEquals(List.of("a2"), ids(copy.readyInOrder()));
    }

    private void enqueue(DeliveryPolicy policy, MessageRecord... messages) {
        long number = ++batch;
        List<MessageRecord> list = List.of(messages);
        shard.applyEnqueue("p", number, list, shard.decideEnqueue("p", number, list, null, 0, Long.MAX_VALUE, policy));
    }

    private LeaseDecision decide(Holder holder, int max, DeliveryPolicy policy) {
        token++;
        return shard.decideLease(holder, "t" + token, max, new long[0], true, 1_000, null, policy);
    }

    private List<StoredMessage> lease(Holder holder, int max, DeliveryPolicy policy) {
        LeaseDecision d = decide(holder, max, policy);
        return shard.applyLease(holder, "t" + token, d);
    }

    private static MessageRecord plain(String id) {
        return MessageRecord.builder(id).build();
    }

    private static MessageRecord priced(String id, String symbol) {
        return MessageRecord.builder(id).property("symbol", symbol).build();
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
