package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.BrowseReply;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.member.LeaseReply;
import io.cairnmq.engine.hz.member.ReplicaCheckReply;
import io.cairnmq.engine.hz.member.ResolveReply;
import io.cairnmq.engine.hz.member.RestoreReply;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.hz.member.StatsReply;
import io.cairnmq.engine.hz.member.TopicReply;
import io.cairnmq.engine.hz.member.TransactionsReply;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.queue.Wake;
import io.cairnmq.engine.tx.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reply reads back as it was written, as it does when it travels from a shard's owner to
 * its caller: a map that keeps its values serialized writes and reads them.
 */
@Timeout(60)
class ShardRepliesTest {

    private static final Holder WAITER = new Holder("member-1", "conn-1", "consumer-1");
    private static final Holder OTHER = new Holder("member-2", "conn-2", "consumer-2");
    private static final StoredMessage MESSAGE = new StoredMessage(7,
            MessageRecord.builder("m-7").persistent(true).body(new byte[] {1, 2}).build(), 2);

    @TempDir
    Path dataDir;
    private TestCluster cluster;
    private IMap<String, Object> serialized;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(1, dataDir);
        serialized = cluster.engine(0).hazelcast().getMap("replies-" + System.nanoTime());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aChangeKeepsItsRefusalWakeUpsAndJournalTicket() {
        ChangeReply done = new ChangeReply();
        done.wakeAsStamped(List.of(new Wake(OTHER, 6)));
        done.wake(List.of(WAITER));
        done.atWaiterVersion(9);
        done.journaledAs("member-1", 42);
        assertEquals(List.of(new Wake(OTHER, 6), new Wake(WAITER, 9)), done.woken(),
                "a wake-up without its own version takes the queue's");
        assertCommonParts(done, roundTrip(done));

        ChangeReply refused = roundTrip(ChangeReply.refused("no room"));
        assertEquals("no room", refused.refusal());
        assertNull(refused.journalMember(), "nothing was journaled");
    }

    @Test
    void aSendKeepsItsHandOffsAndWhetherItsSenderWaits() {
        SendReply sent = SendReply.sent(List.of(new HandedOff(WAITER, List.of(MESSAGE), true, 3, "sub-1")));
        sent.wake(List.of(OTHER));
        sent.atWaiterVersion(5);
        sent.journaledAs("member-1", 11);
        sent.writeBeforeMore(true);
        SendReply back = roundTrip(sent);
        assertCommonParts(sent, back);
        HandedOff handedOff = back.handedOff().get(0);
        assertEquals(WAITER, handedOff.holder());
        assertEquals(List.of(7L), handedOff.messages().stream().map(StoredMessage::sequence).toList());
        assertTrue(handedOff.stillWaiting());
        assertEquals(3, handedOff.waiterVersion());
        assertEquals("sub-1", handedOff.subscription());
        assertTrue(back.writeBeforeMore());
        assertFalse(back.waitsForRoom());

        SendReply full = roundTrip(SendReply.refusedUntilRoom("full"));
        assertEquals("full", full.refusal());
        assertTrue(full.waitsForRoom());
    }

    @Test
    void aLeaseKeepsItsMessagesAndWhetherItsRequesterWaits() {
        LeaseReply leased = new LeaseReply(List.of(MESSAGE), true, 1_234);
        leased.atWaiterVersion(8);
        LeaseReply back = roundTrip(leased);
        assertCommonParts(leased, back);
        assertEquals("m-7", back.messages().get(0).message().id());
        assertEquals(2, back.messages().get(0).failedDeliveries());
        assertTrue(back.waiting());
        assertEquals(1_234, back.nextDue());
    }

    @Test
    void theRepliesOfTopicsRestoresAndTransactionsKeepWhatTheySay() {
        assertTrue(roundTrip(TopicReply.done(true)).dropped());
        assertEquals("in use", roundTrip(TopicReply.refused("in use")).refusal());
        assertEquals(RestoreReply.Outcome.SKIP_STALE,
                roundTrip(new RestoreReply(RestoreReply.Outcome.SKIP_STALE)).outcome());
        assertEquals(Outcome.ABORTED, roundTrip(new ResolveReply(Outcome.ABORTED)).outcome());
        assertEquals(List.of("", "sub-1"), roundTrip(new ReplicaCheckReply(List.of("", "sub-1"))).spilledQueues());
        TransactionsReply transactions = roundTrip(new TransactionsReply(Map.of("tx-1", List.of("a", "b")),
                Map.of("tx-2", List.of("c"))));
        assertEquals(Map.of("tx-1", List.of("a", "b")), transactions.preparedTransactions());
        assertEquals(Map.of("tx-2", List.of("c")), transactions.committedTransactions());
    }

    @Test
    void theRepliesOfReadsKeepWhatWasRead() {
        StatsReply stats = roundTrip(new StatsReply(3, 4));
        assertEquals(3, stats.ready());
        assertEquals(4, stats.leased());
        assertEquals(List.of(7L), roundTrip(new BrowseReply(List.of(MESSAGE))).messages().stream()
                .map(StoredMessage::sequence).toList());
    }

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T reply) {
        String key = "reply-" + System.nanoTime();
        serialized.set(key, reply);
        return (T) serialized.get(key);
    }

    private static void assertCommonParts(ShardReply written, ShardReply read) {
        assertEquals(written.refusal(), read.refusal());
        assertEquals(written.woken(), read.woken());
        assertEquals(written.waiterVersion(), read.waiterVersion());
        assertEquals(written.journalMember(), read.journalMember());
        assertEquals(written.journalTicket(), read.journalTicket());
    }
}
