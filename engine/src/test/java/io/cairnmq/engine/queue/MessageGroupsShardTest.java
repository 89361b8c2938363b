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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's message groups: a group's messages go to one consumer, in order; a lease takes a
 * bounded number of new groups; a group moves to the next consumer when its consumer goes (its
 * unacknowledged messages first) or gets the group's last message.
 */
@Timeout(10)
class MessageGroupsShardTest {

    private static final Holder ALICE = new Holder("member-1", "conn-1", "consumer-1");
    private static final Holder BOB = new Holder("member-1", "conn-2", "consumer-2");

    private final ShardState shard = new ShardState();
    private long batch;
    private long token;

    @Test
    void aGroupsMessagesGoToItsConsumerOnlyInOrder() {
        enqueue(grouped("g1-a", "g1"), grouped("g2-a", "g2"), grouped("g1-b", "g1"), grouped("g2-b", "g2"));
        assertEquals(List.of("g1-a"), ids(lease(ALICE, 1)));
        assertEquals(List.of("g2-a", "g2-b"), ids(lease(BOB, 10)), "g1 is Alice's");
        assertEquals(List.of("g1-b"), ids(lease(ALICE, 10)));
    }

    @Test
    void aGroupsLaterMessagesWaitWhileAnEarlierOneIsHeldBack() {
        enqueue(grouped("a", "g"), grouped("b", "g"), MessageRecord.builder("other").build());
        StoredMessage a = lease(ALICE, 1).get(0);
        shard.applyRelease(shard.decideRelease(ALICE, new long[] {a.sequence()}, io.cairnmq.engine.api.Redelivery.COUNTED,
                failures -> 5_000));
        assertEquals(List.of("other"), ids(lease(ALICE, 10)), "b waits for a, held back until 5000");
    }

    @Test
    void aLeaseTakesABoundedNumberOfNewGroupsAndDoesNotWaitWhileMoreAreLeft() {
        int groupCount = MessageGroups.MAX_NEW_PER_LEASE + 10;
        for (int g = 0; g < groupCount; g++) {
            enqueue(grouped("m" + g, "g" + g));
        }
        LeaseDecision first = decide(ALICE, 100);
        assertEquals(MessageGroups.MAX_NEW_PER_LEASE, first.leased().length);
        assertFalse(first.waiterRegistered(), "groups are left: Alice asks again rather than waits");
        shard.applyLease(ALICE, "t" + token, first);
        assertEquals(10, lease(BOB, 100).size(), "Bob takes the groups left");
    }

    @Test
    void newGroupsAreSharedBetweenTheConsumersAskingForGroupedMessages() {
        enqueue(grouped("b", "bobs"));
        assertEquals(List.of("b"), ids(lease(BOB, 10)));
        for (int g = 0; g < 40; g++) {
            enqueue(grouped("m" + g, "g" + g));
        }
        int alices = lease(ALICE, 100).size();
        assertTrue(alices >= 18 && alices <= 22, "Alice takes about half the new groups, took " + alices);
        assertEquals(40 - alices, lease(BOB, 100).size(), "Bob the rest");
    }

    @Test
    void aGroupMovesToTheNextConsumerWhenItsConsumerGoesItsUnacknowledgedFirst() {
        enqueue(grouped("a", "g"), grouped("b", "g"));
        assertEquals(List.of("a", "b"), ids(lease(ALICE, 10)));
        enqueue(grouped("c", "g"));
        assertTrue(lease(BOB, 10).isEmpty(), "the group is Alice's");
        shard.applyRelease(shard.decideReleaseHolders(h -> h.connectionId().equals("conn-1")));
        List<StoredMessage> taken = lease(BOB, 10);
        assertEquals(List.of("a", "b", "c"), ids(taken));
        assertEquals(1, taken.get(0).failedDeliveries(), "what Alice had comes again redelivered");
    }

    @Test
    void aConsumerThatLeavesGivesUpItsGroups() {
        enqueue(grouped("a", "g"), grouped("b", "g"));
        lease(ALICE, 1);
        shard.applyRelease(shard.decideLeave(h -> h.consumerId().equals("consumer-1")));
        assertEquals(List.of("b"), ids(lease(BOB, 10)));
    }

    @Test
    void theGroupsLastMessageEndsItsHoldOnTheGroup() {
        enqueue(grouped("a", "g"), MessageRecord.builder("last").groupId("g").property("JMSXGroupSeq", -1).build());
        assertEquals(List.of("a", "last"), ids(lease(ALICE, 10)));
        enqueue(grouped("again", "g"));
        assertEquals(List.of("again"), ids(lease(BOB, 10)), "the group starts again, with whoever asks");
    }

    @Test
    void theGroupsOwnersSurviveTheShardsBinaryForm() throws IOException {
        enqueue(grouped("a", "g"), grouped("b", "g"));
        lease(ALICE, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardCodec.writeShard(new DataOutputStream(bytes), shard);
        ShardState copy = ShardCodec.readShard(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        LeaseDecision bob = copy.decideLease(BOB, "x", 10, new long[0], true, 1_000, null, DeliveryPolicy.DEFAULT);
        assertEquals(0, bob.leased().length, "g is still Alice's in the copy");
    }

    private void enqueue(MessageRecord... messages) {
        long number = ++batch;
        List<MessageRecord> list = List.of(messages);
        shard.applyEnqueue("p", number, list, shard.decideEnqueue("p", number, list, "member-1", 0, Long.MAX_VALUE,
                DeliveryPolicy.DEFAULT));
    }

    private LeaseDecision decide(Holder holder, int max) {
        token++;
        return shard.decideLease(holder, "t" + token, max, new long[0], true, 1_000, null, DeliveryPolicy.DEFAULT);
    }

    private List<StoredMessage> lease(Holder holder, int max) {
        LeaseDecision d = decide(holder, max);
        return shard.applyLease(holder, "t" + token, d);
    }

    private static MessageRecord grouped(String id, String group) {
        return MessageRecord.builder(id).groupId(group).build();
    }

    private static List<String> ids(List<StoredMessage> messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.message().id()));
        return ids;
    }
}
