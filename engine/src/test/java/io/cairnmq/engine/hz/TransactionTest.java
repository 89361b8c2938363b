package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.TransactionRolledBackException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.api.UnknownTransactionException;
import io.cairnmq.engine.hz.member.InjectedFailures.Fault;
import io.cairnmq.engine.hz.member.MemberServices;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.TransactionsReply;
import io.cairnmq.engine.hz.ops.CommitTransaction;
import io.cairnmq.engine.hz.ops.CompleteTransaction;
import io.cairnmq.engine.hz.ops.PrepareTransaction;
import io.cairnmq.engine.hz.ops.ReadTransactions;
import io.cairnmq.engine.topic.Origin;
import io.cairnmq.engine.tx.Acknowledgement;
import io.cairnmq.engine.tx.EntryWork;
import io.cairnmq.engine.tx.PreparedWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions through the engine: all together or not at all, in one step on one entry and in
 * two phases over several, and what is finished when the committer is gone (a member's death,
 * a restart of the journal).
 */
@Timeout(120)
class TransactionTest {

    @TempDir
    Path dataDir;

    @Test
    void aTransactionOnOneQueueSendsAndAcknowledgesInOneStep() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            HzEngine engine = cluster.engine(0);
            DestinationName queue = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                c.openProducer().send(queue, message("received", 4, true));
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 1));
                assertEquals("received", consumer.receive(5_000, false).message().id());
                TransactionWork work = new TransactionWork();
                EngineProducer producer = c.openProducer();
                work.send(producer, queue, message("sent-1", 4, true));
                work.send(producer, queue, message("sent-2", 4, true));
                work.acknowledge(consumer);
                c.commit(work);
                assertEquals("sent-1", consumer.receive(5_000, false).message().id());
                assertEquals("sent-2", consumer.receive(5_000, false).message().id());
            }
            assertEquals(new DestinationStats(2, 0), engine.stats(queue), "the two sent are back, the received gone");
            assertNoTransactionLeft(engine, queue);
        }
    }

    @Test
    void aTransactionOverTwoQueuesMovesAMessageAndForgetsItsDecision() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            HzEngine engine = cluster.engine(0);
            DestinationName in = freshQueue();
            DestinationName out = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                c.openProducer().send(in, message("order", 4, true));
                EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(in));
                Delivery order = consumer.receive(5_000, false);
                TransactionWork work = new TransactionWork();
                work.send(c.openProducer(), out, message("shipped " + order.message().id(), 4, true));
                work.acknowledge(consumer);
                c.commit(work);
            }
            assertEquals(new DestinationStats(0, 0), engine.stats(in));
            assertEquals(new DestinationStats(1, 0), engine.stats(out));
            await().untilAsserted(() -> {
                assertNoTransactionLeft(engine, in);
                assertNoTransactionLeft(engine, out);
            });
        }
    }

    @Test
    void aTransactionRefusedByOneQueueChangesNoneAndPutsWhatItReceivedBack() {
        DestinationName full = freshQueue();
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of(
                "queue." + full.name() + ".maxMessages", "1", "queue." + full.name() + ".limitPolicy", "fail"))) {
            HzEngine engine = cluster.engine(0);
            DestinationName in = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineProducer plain = c.openProducer();
                plain.send(full, message("already there", 4, true));
                plain.send(in, message("order", 4, true));
                EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(in));
                consumer.receive(5_000, false);
                TransactionWork work = new TransactionWork();
                work.send(c.openProducer(), full, message("one too many", 4, true));
                work.acknowledge(consumer);
                TransactionRolledBackException e = assertThrows(TransactionRolledBackException.class,
                        () -> c.commit(work));
                assertTrue(e.getMessage().contains("maxMessages"), e.getMessage());
                consumer.recover();
                Delivery back = consumer.receive(5_000, false);
                assertEquals("order", back.message().id());
                assertTrue(back.redelivered(), "what it received came back as a failed delivery");
            }
            assertEquals(1, engine.stats(full).depth(), "the full queue was not changed");
            assertNoTransactionLeft(engine, full);
        }
    }

    @Test
    void aPreparedTransactionWithoutADecisionIsRolledBackAtARestart() {
        DestinationName in = freshQueue();
        DestinationName out = freshQueue();
        TestCluster cluster = TestCluster.prepare(1, dataDir, Map.of());
        try {
            HzEngine engine = cluster.startMember(0);
            Holding held = receiveOne(engine, in);
            // The committer prepared the participant, then died before the coordinator decided.
            ShardKey participant = new ShardKey(in.qualified(), 0);
            ShardKey coordinator = new ShardKey(out.qualified(), 0);
            String id = UUID.randomUUID().toString();
            engine.calls().call(participant, new PrepareTransaction(id, new PreparedWork(coordinator.id(),
                    engine.memberId(), held.work())));
            awaitJournaled(engine);
            cluster.terminate(0);

            HzEngine restarted = cluster.startMember(0);
            await().until(() -> restarted.stats(in).equals(new DestinationStats(1, 0)));
            assertEquals(0, restarted.stats(out).depth(), "nothing of the transaction was sent");
            await().untilAsserted(() -> assertNoTransactionLeft(restarted, in));
        } finally {
            cluster.close();
        }
    }

    @Test
    void aDecidedTransactionIsCompletedAtARestart() {
        DestinationName in = freshQueue();
        DestinationName out = freshQueue();
        TestCluster cluster = TestCluster.prepare(1, dataDir, Map.of());
        try {
            HzEngine engine = cluster.startMember(0);
            engine.declare(out, DestinationSettings.STRICT_ORDER);
            Holding held = receiveOne(engine, in);
            // The committer prepared the participant and recorded the decision at the coordinator,
            // then died before it completed the participant.
            ShardKey participant = new ShardKey(in.qualified(), 0);
            ShardKey coordinator = new ShardKey(out.qualified(), 0);
            String id = UUID.randomUUID().toString();
            engine.calls().call(participant, new PrepareTransaction(id, new PreparedWork(coordinator.id(),
                    engine.memberId(), held.work())));
            engine.calls().call(coordinator, new CommitTransaction(id, new EntryWork(
                    List.of(message("moved", 4, true)), ORIGIN, List.of()), List.of(participant.id())));
            awaitJournaled(engine);
            cluster.terminate(0);

            HzEngine restarted = cluster.startMember(0);
            await().until(() -> restarted.stats(in).depth() == 0);
            assertEquals(new DestinationStats(1, 0), restarted.stats(out));
            await().untilAsserted(() -> {
                assertNoTransactionLeft(restarted, in);
                assertNoTransactionLeft(restarted, out);
            });
        } finally {
            cluster.close();
        }
    }

    @Test
    void theSurvivorsFinishTheTransactionsOfADeadCommitter() {
        try (TestCluster cluster = TestCluster.start(3, dataDir, Map.of())) {
            DestinationName undecidedIn = freshQueue();
            DestinationName decidedIn = freshQueue();
            DestinationName out = freshQueue();
            HzEngine committer = cluster.engine(2);
            committer.declare(out, DestinationSettings.STRICT_ORDER);
            Holding undecided = receiveOne(committer, undecidedIn);
            Holding decided = receiveOne(committer, decidedIn);
            ShardKey coordinator = new ShardKey(out.qualified(), 0);
            String rolledBack = UUID.randomUUID().toString();
            committer.calls().call(new ShardKey(undecidedIn.qualified(), 0), new PrepareTransaction(rolledBack,
                    new PreparedWork(coordinator.id(), committer.memberId(), undecided.work())));
            String committed = UUID.randomUUID().toString();
            ShardKey decidedParticipant = new ShardKey(decidedIn.qualified(), 0);
            committer.calls().call(decidedParticipant, new PrepareTransaction(committed,
                    new PreparedWork(coordinator.id(), committer.memberId(), decided.work())));
            committer.calls().call(coordinator, new CommitTransaction(committed, new EntryWork(
                    List.of(message("moved", 4, true)), ORIGIN, List.of()), List.of(decidedParticipant.id())));

            cluster.terminate(2);
            HzEngine survivor = cluster.engine(0);
            await().untilAsserted(() -> {
                assertEquals(new DestinationStats(1, 0), survivor.stats(undecidedIn), "rolled back: back on its queue");
                assertEquals(0, survivor.stats(decidedIn).depth(), "committed: acknowledged");
                assertEquals(new DestinationStats(1, 0), survivor.stats(out), "committed: sent");
                assertNoTransactionLeft(survivor, undecidedIn);
                assertNoTransactionLeft(survivor, decidedIn);
                assertNoTransactionLeft(survivor, out);
            });
        }
    }

    // ------------------------------------------------------------------ decided by the caller (XA)

    @Test
    void aPreparedTransactionIsInvisibleUntilAnotherConnectionCommitsIt() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            HzEngine engine = cluster.engine(0);
            DestinationName in = freshQueue();
            DestinationName out = freshQueue();
            EngineConnection preparing = engine.connect(ConnectionListener.IGNORE);
            preparing.openProducer().send(in, message("order", 4, true));
            EngineConsumer consumer = preparing.openConsumer(new ConsumerSpec(in, 1));
            assertEquals("order", consumer.receive(5_000, false).message().id());
            TransactionWork work = shipping(preparing, consumer, out);

            preparing.prepare("xid-1", work);
            preparing.close();

            assertEquals(new DestinationStats(0, 0), engine.stats(out), "the staged send is invisible");
            assertEquals(new DestinationStats(0, 1), engine.stats(in), "the acknowledged message stays held");
            try (EngineConnection deciding = engine.connect(ConnectionListener.IGNORE)) {
                assertEquals(List.of("xid-1"), deciding.preparedTransactions());
                deciding.commitPrepared("xid-1");
                assertEquals(new DestinationStats(1, 0), engine.stats(out));
                assertEquals(new DestinationStats(0, 0), engine.stats(in));
                await().untilAsserted(() -> assertEquals(List.of(), deciding.preparedTransactions()));
                assertThrows(UnknownTransactionException.class, () -> deciding.commitPrepared("xid-1"));
            }
            await().untilAsserted(() -> {
                assertNoTransactionLeft(engine, in);
                assertNoTransactionLeft(engine, out);
            });
        }
    }

    @Test
    void aPreparedTransactionRolledBackPutsBackWhatItAcknowledgedAndSendsNothing() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            HzEngine engine = cluster.engine(0);
            DestinationName in = freshQueue();
            DestinationName out = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                c.openProducer().send(in, message("order", 4, true));
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(in, 1));
                consumer.receive(5_000, false);
                TransactionWork work = shipping(c, consumer, out);
                c.prepare("xid-2", work);

                c.rollbackPrepared("xid-2");

                Delivery back = consumer.receive(5_000, false);
                assertEquals("order", back.message().id());
                assertTrue(back.redelivered(), "it comes back counted as a delivery");
                assertEquals(0, engine.stats(out).depth());
                assertEquals(List.of(), c.preparedTransactions());
            }
        }
    }

    @Test
    void aPreparedTransactionWhoseCommitIsDecidedRefusesARollbackAndCommits() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            HzEngine engine = cluster.engine(0);
            DestinationName out = freshQueue();
            DestinationName in = freshQueue();
            Holding held = receiveOne(engine, in);
            TransactionWork work = held.shipping(out);
            assertTrue(held.connection().prepare("xid-5", work));
            // The decision is recorded on the first entry (the send's), as a commit racing with
            // the rollback would have recorded it just before.
            ShardKey coordinator = new ShardKey(out.qualified(), 0);
            engine.calls().call(coordinator, CompleteTransaction.decidingCommit("xid-5",
                    List.of(new ShardKey(in.qualified(), 0).id())));

            assertThrows(EngineException.class, () -> held.connection().rollbackPrepared("xid-5"));

            await().untilAsserted(() -> {
                assertEquals(new DestinationStats(1, 0), engine.stats(out), "committed: sent");
                assertEquals(new DestinationStats(0, 0), engine.stats(in), "committed: acknowledged");
                assertNoTransactionLeft(engine, out);
                assertNoTransactionLeft(engine, in);
            });
            held.connection().close();
        }
    }

    @Test
    void aTemporaryQueueNeverHoldsTheDecisionOfATransaction() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            HzEngine engine = cluster.engine(0);
            DestinationName durable = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                DestinationName temporary = c.createTemporary(DestinationKind.QUEUE);
                TransactionWork work = new TransactionWork();
                EngineProducer producer = c.openProducer();
                // The temporary queue comes first: it would coordinate, and its decision dies with it.
                work.send(producer, temporary, message("reply", 4, true));
                work.send(producer, durable, message("order", 4, true));
                // The participant cannot complete yet: the decision stays where it was recorded.
                engine.member().failures().arm(CompleteTransaction.class, 1_000, Fault.LASTING);

                c.commit(work);

                TransactionsReply decisions = engine.shards().executeOnKey(new ShardKey(durable.qualified(), 0),
                        new ReadTransactions());
                assertEquals(1, decisions.committedTransactions().size(), "the durable queue holds the decision");
                engine.member().failures().disarmAll();
                await().until(() -> engine.transactions().recovery().pending().isEmpty());
                assertEquals(new DestinationStats(1, 0), engine.stats(temporary));
                assertEquals(new DestinationStats(1, 0), engine.stats(durable));
            } finally {
                engine.member().failures().disarmAll();
            }
        }
    }

    @Test
    void aTransactionThatOnlyReadsPreparesNothing() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, Map.of())) {
            try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                assertFalse(c.prepare("xid-6", new TransactionWork()), "read-only: nothing to commit");
                assertEquals(List.of(), c.preparedTransactions());
                assertThrows(UnknownTransactionException.class, () -> c.commitPrepared("xid-6"));
            }
        }
    }

    @Test
    void aPreparedTransactionOutlivesARestartAndIsCommittedAfterIt() {
        DestinationName in = freshQueue();
        DestinationName out = freshQueue();
        TestCluster cluster = TestCluster.prepare(1, dataDir, Map.of());
        try {
            HzEngine engine = cluster.startMember(0);
            Holding held = receiveOne(engine, in);
            TransactionWork work = held.shipping(out);
            held.connection().prepare("xid-3", work);
            awaitJournaled(engine);
            cluster.terminate(0);

            HzEngine restarted = cluster.startMember(0);
            try (EngineConnection c = restarted.connect(ConnectionListener.IGNORE)) {
                // Not rolled back on the broker's initiative, unlike a transaction it decides itself.
                assertEquals(List.of("xid-3"), c.preparedTransactions());
                assertEquals(0, restarted.stats(out).depth());
                c.commitPrepared("xid-3");
            }
            assertEquals(new DestinationStats(1, 0), restarted.stats(out));
            await().until(() -> restarted.stats(in).depth() == 0);
        } finally {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "then {0}")
    @ValueSource(strings = {"commit", "rollback"})
    void aPreparedTransactionWaitsForItsCallerWhenItsMemberDies(String decision) {
        try (TestCluster cluster = TestCluster.start(3, dataDir, Map.of())) {
            DestinationName in = freshQueue();
            DestinationName out = freshQueue();
            HzEngine preparer = cluster.engine(2);
            Holding held = receiveOne(preparer, in);
            TransactionWork work = held.shipping(out);
            held.connection().prepare("xid-4", work);

            cluster.terminate(2);

            HzEngine survivor = cluster.engine(0);
            try (EngineConnection c = survivor.connect(ConnectionListener.IGNORE)) {
                // The survivors release the dead member's leases; the prepared transaction stays.
                await().until(() -> survivor.transactions().recovery().pending().isEmpty());
                assertEquals(List.of("xid-4"), c.preparedTransactions());
                assertEquals(new DestinationStats(0, 1), survivor.stats(in), "still held by the transaction");
                if (decision.equals("commit")) {
                    c.commitPrepared("xid-4");
                    assertEquals(new DestinationStats(1, 0), survivor.stats(out));
                    await().until(() -> survivor.stats(in).equals(new DestinationStats(0, 0)));
                } else {
                    c.rollbackPrepared("xid-4");
                    assertEquals(new DestinationStats(0, 0), survivor.stats(out), "a rolled-back send arrived");
                    await().until(() -> survivor.stats(in).equals(new DestinationStats(1, 0)));
                }
                assertEquals(List.of(), c.preparedTransactions());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static final Origin ORIGIN = new Origin("test-connection", null);

    /** A message received (handed out, not settled) by a consumer, as a transaction's acknowledgement. */
    private record Holding(EngineConnection connection, HzConsumer consumer, long sequence) {
        TransactionWork shipping(DestinationName out) {
            return TransactionTest.shipping(connection, consumer, out);
        }

        EntryWork work() {
            return new EntryWork(List.of(), ORIGIN, List.of(new Acknowledgement(null, consumer.holder(),
                    new long[] {sequence})));
        }
    }

    /** A transaction that acknowledges what {@code consumer} received and sends a message "shipped" to {@code out}. */
    private static TransactionWork shipping(EngineConnection connection, EngineConsumer consumer, DestinationName out) {
        TransactionWork work = new TransactionWork();
        work.send(connection.openProducer(), out, message("shipped", 4, true));
        work.acknowledge(consumer);
        return work;
    }

    private static Holding receiveOne(HzEngine engine, DestinationName queue) {
        EngineConnection c = engine.connect(ConnectionListener.IGNORE);
        c.openProducer().send(queue, message("order of " + queue.name(), 4, true));
        HzConsumer consumer = (HzConsumer) c.openConsumer(new ConsumerSpec(queue, 1));
        Delivery d = consumer.receive(5_000, false);
        return new Holding(c, consumer, d.sequence());
    }

    /** Waits until everything the member queued for its journal is written, as a crash would find it. */
    private static void awaitJournaled(HzEngine engine) {
        MemberServices journal = engine.member().services();
        journal.journal().awaitDurable(journal.journal().lastTicket());
    }

    private static void assertNoTransactionLeft(HzEngine engine, DestinationName destination) {
        TransactionsReply held = engine.shards().executeOnKey(new ShardKey(destination.qualified(), 0), new ReadTransactions());
        assertEquals(Map.of(), held.preparedTransactions(), "prepared on " + destination);
        assertEquals(Map.of(), held.committedTransactions(), "decided on " + destination);
    }

    private static DestinationName freshQueue() {
        return DestinationName.queue("q-" + UUID.randomUUID());
    }
}
