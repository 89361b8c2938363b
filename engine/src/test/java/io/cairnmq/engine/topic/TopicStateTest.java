package io.cairnmq.engine.topic;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.SubscriptionKind;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.LeaseDecision;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A topic's subscriptions as plain state: fan-out, selectors, noLocal, attach rules, replicas. */
class TopicStateTest {

    private static final Holder ALICE = new Holder("m1", "conn-a", "alice");
    private static final Holder BOB = new Holder("m2", "conn-b", "bob");
    private static final SubscriptionDefinition PLAIN =
            new SubscriptionDefinition(SubscriptionKind.PRIVATE, null, false, null);
    private static final SubscriptionDefinition DURABLE =
            new SubscriptionDefinition(SubscriptionKind.DURABLE, null, false, null);
    private static final Origin FROM_A = new Origin("conn-a", "client-a");
    private static final Origin FROM_B = new Origin("conn-b", null);

    private final TopicState topic = new TopicState();
    private long batch;

    @Test
    void aPublishReachesEverySubscriptionThatExistsThenAndNoLaterOne() {
        subscribe("s1", PLAIN, ALICE);
        publish(FROM_B, msg("one", 0));
        subscribe("s2", PLAIN, BOB);
        publish(FROM_B, msg("two", 0));
        assertEquals(List.of("one", "two"), ids(lease("s1", ALICE)));
        assertEquals(List.of("two"), ids(lease("s2", BOB)));
    }

    @Test
    void selectorsAndNoLocalDecideWhatASubscriptionTakes() {
        subscribe("red", new SubscriptionDefinition(SubscriptionKind.PRIVATE, "n > 1", false, null), ALICE);
        subscribe("not-mine", new SubscriptionDefinition(SubscriptionKind.PRIVATE, null, true, "conn-a"), ALICE);
        subscribe("not-my-client", new SubscriptionDefinition(SubscriptionKind.DURABLE, null, true, "client-a"),
                BOB);
        publish(FROM_A, msg("a1", 1), msg("a2", 2));
        publish(FROM_B, msg("b3", 3));
        assertEquals(List.of("a2", "b3"), ids(lease("red", ALICE)));
        assertEquals(List.of("b3"), ids(lease("not-mine", ALICE)));
        assertEquals(List.of("b3"), ids(lease("not-my-client", BOB)));
    }

    @Test
    void attachRules() {
        assertEquals(SubscribeOutcome.CREATE, subscribe("d", DURABLE, ALICE));
        assertEquals(SubscribeOutcome.ATTACH, subscribe("d", DURABLE, ALICE), "a retried attach");
        assertEquals(SubscribeOutcome.IN_USE, subscribe("d", DURABLE, BOB), "unshared: one consumer");
        SubscriptionDefinition otherSelector = new SubscriptionDefinition(SubscriptionKind.DURABLE, "x = 1", false, null);
        assertEquals(SubscribeOutcome.CONFLICT, subscribe("d", otherSelector, BOB));
        detach("d", ALICE);
        assertEquals(0, topic.consumerCount("d"), "a durable subscription outlives its consumer");
        publish(FROM_B, msg("kept", 0));
        assertEquals(SubscribeOutcome.REPLACE, subscribe("d", otherSelector, BOB));
        assertTrue(lease("d", BOB).isEmpty(), "the replaced subscription's messages went with it");

        SubscriptionDefinition shared = new SubscriptionDefinition(SubscriptionKind.SHARED, null, false, null);
        assertEquals(SubscribeOutcome.CREATE, subscribe("s", shared, ALICE));
        assertEquals(SubscribeOutcome.ATTACH, subscribe("s", shared, BOB));
        detach("s", ALICE);
        assertEquals(1, topic.consumerCount("s"));
        detach("s", BOB);
        assertEquals(-1, topic.consumerCount("s"), "a shared non-durable subscription goes with its last consumer");
    }

    @Test
    void unsubscribeIsRefusedWhileInUse() {
        subscribe("d", DURABLE, ALICE);
        assertEquals(UnsubscribeOutcome.IN_USE, topic.decideUnsubscribe("d"));
        detach("d", ALICE);
        assertEquals(UnsubscribeOutcome.REMOVE, topic.decideUnsubscribe("d"));
        topic.applyUnsubscribe("d");
        assertEquals(UnsubscribeOutcome.NO_SUCH, topic.decideUnsubscribe("d"));
    }

    @Test
    void goneConsumersAreDetachedAndTheirPrivateSubscriptionsDropped() {
        subscribe("private", PLAIN, ALICE);
        subscribe("d", DURABLE, ALICE);
        publish(FROM_B, msg("x", 0));
        assertEquals(1, lease("d", ALICE).size());
        GoneRelease gone = topic.decideReleaseGone(h -> h.memberId().equals("m1"));
        topic.applyReleaseGone(gone);
        assertEquals(List.of("d"), topic.subscriptionIds());
        assertEquals(0, topic.consumerCount("d"));
        assertEquals(1, topic.queueOf("d").readyCount(), "what the gone consumer held is back");
    }

    @Test
    void aReplicaReplayingTheOwnersDecisionsAgrees() throws IOException {
        TopicState replica = new TopicState();
        SubscribeOutcome outcome = topic.decideSubscribe("s", PLAIN, ALICE);
        topic.applySubscribe("s", PLAIN, ALICE, outcome);
        replica.applySubscribe("s", PLAIN, ALICE, outcome);
        List<MessageRecord> messages = List.of(msg("a", 0), msg("b", 0));
        FanOut fanOut = roundTrip(topic.decideFanOut("p", 1, messages, FROM_B, null, 0));
        topic.applyFanOut("p", 1, messages, fanOut);
        replica.applyFanOut("p", 1, messages, fanOut);
        assertEquals(2, replica.queueOf("s").readyCount());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TopicCodec.writeTopic(new DataOutputStream(bytes), topic);
        TopicState copy = TopicCodec.readTopic(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(topic.subscriptionIds(), copy.subscriptionIds());
        assertEquals(1, copy.consumerCount("s"));
        assertEquals(ids(copy.queueOf("s").readyInOrder()), ids(topic.queueOf("s").readyInOrder()));
        assertFalse(copy.subscriptionIds().isEmpty());
    }

    @Test
    void aConsumerThatLeavesKeepingItsLeasesNoLongerCountsButItsMessagesStayLeased() {
        subscribe("d", DURABLE, ALICE);
        publish(FROM_B, msg("one", 0), msg("two", 0));
        assertEquals(List.of("one", "two"), ids(lease("d", ALICE)));
        // Closed inside a transaction: off the subscription, its messages still its own.
        topic.applyDetach("d", ALICE, topic.decideDetach("d", ALICE, LeasesOnDetach.KEEP));
        assertEquals(0, topic.consumerCount("d"));
        assertEquals(2, topic.queueOf("d").leasedCount());
        assertEquals(UnsubscribeOutcome.UNACKNOWLEDGED, topic.decideUnsubscribe("d"));
        assertEquals(SubscribeOutcome.ATTACH, subscribe("d", DURABLE, BOB), "another consumer may take it");
        assertTrue(lease("d", BOB).isEmpty(), "nothing was put back for the new consumer");
    }

    @Test
    void aClosedConsumerThatDetachesGivesBackWhatItHolds() {
        subscribe("d", DURABLE, ALICE);
        publish(FROM_B, msg("one", 0));
        lease("d", ALICE);
        detach("d", ALICE);
        assertEquals(0, topic.queueOf("d").leasedCount());
        assertEquals(UnsubscribeOutcome.REMOVE, topic.decideUnsubscribe("d"));
    }

    // ---- helpers

    private SubscribeOutcome subscribe(String id, SubscriptionDefinition definition, Holder consumer) {
        SubscribeOutcome outcome = topic.decideSubscribe(id, definition, consumer);
        topic.applySubscribe(id, definition, consumer, outcome);
        return outcome;
    }

    private void detach(String id, Holder consumer) {
        topic.applyDetach(id, consumer, topic.decideDetach(id, consumer, LeasesOnDetach.RELEASE));
    }

    private void publish(Origin origin, MessageRecord... messages) {
        long number = ++batch;
        List<MessageRecord> list = List.of(messages);
        topic.applyFanOut("producer", number, list, topic.decideFanOut("producer", number, list, origin, null, 0));
    }

    private List<StoredMessage> lease(String subscription, Holder holder) {
        ShardState queue = topic.queueOf(subscription);
        LeaseDecision d = queue.decideLease(holder, "t" + (++batch), 100, new long[0], false, 0);
        return queue.applyLease(holder, "t" + batch, d);
    }

    private static FanOut roundTrip(FanOut fanOut) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TopicCodec.writeFanOut(new DataOutputStream(bytes), fanOut);
        return TopicCodec.readFanOut(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    private static MessageRecord msg(String id, int n) {
        return MessageRecord.builder(id).property("n", n).build();
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
