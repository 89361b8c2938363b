package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.hz.member.InjectedFailures.Fault;
import io.cairnmq.engine.hz.ops.AcknowledgeMessages;
import io.cairnmq.engine.hz.ops.AdoptReplica;
import io.cairnmq.engine.hz.ops.CommitTransaction;
import io.cairnmq.engine.hz.ops.CompleteTransaction;
import io.cairnmq.engine.hz.ops.LeaseMessages;
import io.cairnmq.engine.hz.ops.PageIn;
import io.cairnmq.engine.hz.ops.ReleaseGoneHolders;
import io.cairnmq.engine.hz.ops.ReleaseLeases;
import io.cairnmq.engine.hz.ops.ResolveTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work that a failure interrupted is retried by the member that owns it until it is done: each
 * test injects failures into the operations of one step and sees the step complete anyway,
 * within a bounded time, instead of waiting for an event that may never come.
 */
@Timeout(180)
class OwnedRetryTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aClosedConnectionsLeasesGoBackThoughTheReleaseFailsAtFirst() {
        try (TestCluster cluster = TestCluster.start(1, dataDir)) {
            HzEngine engine = cluster.engine(0);
            DestinationName queue = freshQueue();
            EngineConnection c = engine.connect(ConnectionListener.IGNORE);
            c.openProducer().send(queue, message("held", 4, true));
            EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 1));
            assertNotNull(consumer.receive(10_000, false));
            cluster.failures(0).arm(ReleaseLeases.class, 5, Fault.PASSING);
            cluster.failures(0).arm(ReleaseGoneHolders.class, 3, Fault.PASSING);

            c.close();

            await().atMost(BOUND).until(() -> engine.stats(queue).equals(new DestinationStats(1, 0)));
            assertEquals(0, cluster.failures(0).left(ReleaseGoneHolders.class), "the release failed three times");
            await().atMost(BOUND).until(() -> engine.cleanups().isIdle());
        }
    }

    @Test
    void aDepartedMembersLeasesGoBackThoughTheReleaseFailsAtFirst() {
        try (TestCluster cluster = TestCluster.start(2, dataDir)) {
            DestinationName queue = cluster.queueOwnedBy(0, 0, 1);
            EngineConnection far = cluster.engine(1).connect(ConnectionListener.IGNORE);
            far.openProducer().send(queue, message("held", 4, true));
            assertNotNull(far.openConsumer(new ConsumerSpec(queue, 1)).receive(10_000, false));
            cluster.failures(0).arm(ReleaseGoneHolders.class, 3, Fault.PASSING);

            cluster.terminate(1);

            HzEngine survivor = cluster.engine(0);
            await().atMost(BOUND).until(() -> survivor.stats(queue).equals(new DestinationStats(1, 0)));
            assertEquals(0, cluster.failures(0).left(ReleaseGoneHolders.class));
        }
    }

    @Test
    void aTransactionsParticipantIsCompletedThoughItsCompletionFailsAtFirst() {
        try (TestCluster cluster = TestCluster.start(1, dataDir)) {
            HzEngine engine = cluster.engine(0);
            DestinationName first = freshQueue();
            DestinationName second = freshQueue();
            cluster.failures(0).arm(CompleteTransaction.class, 3, Fault.PASSING);
            commitOneMessageToEach(engine, first, second);
            await().atMost(BOUND).until(() -> engine.stats(first).ready() == 1 && engine.stats(second).ready() == 1);
            await().atMost(BOUND).until(() -> engine.transactions().recovery().pending().isEmpty());
            assertEquals(0, cluster.failures(0).left(CompleteTransaction.class));
        }
    }

    @Test
    void aCommitWhoseDecisionWasAppliedButWhoseReplyWasLostSucceeds() {
        try (TestCluster cluster = TestCluster.start(1, dataDir)) {
            HzEngine engine = cluster.engine(0);
            DestinationName first = freshQueue();
            DestinationName second = freshQueue();
            cluster.failures(0).armLostReply(CommitTransaction.class, 1);

            commitOneMessageToEach(engine, first, second);

            assertEquals(0, cluster.failures(0).left(CommitTransaction.class), "no reply was lost: tested nothing");
            await().atMost(BOUND).until(() -> engine.stats(first).ready() == 1 && engine.stats(second).ready() == 1);
            await().atMost(BOUND).until(() -> engine.transactions().recovery().pending().isEmpty());
        }
    }

    @Test
    void aTransactionInDoubtThatDidNotHappenGivesBackEveryMessageItsConsumersTook() {
        try (TestCluster cluster = TestCluster.start(1, dataDir)) {
            HzEngine engine = cluster.engine(0);
            DestinationName first = freshQueue();
            DestinationName second = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                producer.send(first, message("a", 4, true));
                producer.send(second, message("b", 4, true));
                EngineConsumer fromFirst = c.openConsumer(new ConsumerSpec(first, 1));
                EngineConsumer fromSecond = c.openConsumer(new ConsumerSpec(second, 1));
                assertNotNull(fromFirst.receive(10_000, false));
                assertNotNull(fromSecond.receive(10_000, false));
                TransactionWork work = new TransactionWork();
                work.acknowledge(fromFirst);
                work.acknowledge(fromSecond);
                // The decision fails on its way, and so does the first question about it.
                cluster.failures(0).arm(CommitTransaction.class, 1, Fault.PASSING);
                cluster.failures(0).arm(ResolveTransaction.class, 1, Fault.PASSING);

                assertThrows(TransactionInDoubtException.class, () -> c.commit(work));

                // Resolved in the background as rolled back: the prepared message goes back, and
                // so does the one its consumer still held for the coordinator's part; each
                // consumer gets its message again, marked redelivered.
                for (EngineConsumer consumer : List.of(fromFirst, fromSecond)) {
                    var again = consumer.receive(BOUND.toMillis(), false);
                    assertNotNull(again, "a message the transaction took was not given back");
                    assertTrue(again.redelivered());
                }
                await().atMost(BOUND).until(() -> engine.transactions().recovery().pending().isEmpty());
            }
        }
    }

    @Test
    void anAcknowledgementThatFailsIsSentAgainByTheNextFlush() {
        try (TestCluster cluster = TestCluster.start(1, dataDir)) {
            HzEngine engine = cluster.engine(0);
            DestinationName queue = freshQueue();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                c.openProducer().send(queue, message("once", 4, true));
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 1));
                var delivery = consumer.receive(10_000, false);
                assertNotNull(delivery);
                cluster.failures(0).arm(AcknowledgeMessages.class, 1, Fault.LASTING);

                consumer.acknowledge(delivery);
                try {
                    consumer.flushAcknowledgements();
                } catch (EngineException failed) {
                    // Told, and kept: the next flush sends it again.
                    consumer.flushAcknowledgements();
                }

                assertEquals(0, cluster.failures(0).left(AcknowledgeMessages.class), "nothing failed: tested nothing");
                assertEquals(new DestinationStats(0, 0), engine.stats(queue), "the acknowledgement was applied");
            }
        }
    }

    @Test
    void spilledMessagesComeBackThoughPageInsFailAtFirst() {
        try (TestCluster cluster = TestCluster.start(1, dataDir, TestCluster.SMALL_MEMORY)) {
            HzEngine engine = cluster.engine(0);
            DestinationName queue = freshQueue();
            Set<String> sent = new HashSet<>();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                for (int i = 0; i < 2_000; i++) {
                    producer.send(queue, MessageRecord.builder("m" + i).persistent(true).body(new byte[1024]).build());
                    sent.add("m" + i);
                }
                producer.flush();
            }
            cluster.failures(0).arm(PageIn.class, 3, Fault.PASSING);
            Set<String> received = new HashSet<>();
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
                for (int i = 0; i < sent.size(); i++) {
                    var d = consumer.receive(BOUND.toMillis(), true);
                    assertNotNull(d, "stalled after " + i + " messages");
                    received.add(d.message().id());
                }
                consumer.flushAcknowledgements();
            }
            assertEquals(sent, received);
            assertEquals(0, cluster.failures(0).left(PageIn.class));
        }
    }

    @Test
    void aMemberThatJoinsCopiesTheBacklogThoughItsFirstCopiesFail() {
        TestCluster cluster = TestCluster.prepare(3, dataDir, TestCluster.SMALL_MEMORY);
        try {
            cluster.startMember(0);
            DestinationName queue = DestinationName.queue("joined");
            Set<String> sent = new HashSet<>();
            try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                for (int i = 0; i < 2_000; i++) {
                    producer.send(queue, MessageRecord.builder("j" + i).persistent(true).body(new byte[1024]).build());
                    sent.add("j" + i);
                }
                producer.flush();
            }
            // Whichever member receives the shard fails to adopt it three times.
            cluster.startMember(1, failures -> failures.arm(AdoptReplica.class, 3, Fault.PASSING));
            cluster.startMember(2, failures -> failures.arm(AdoptReplica.class, 3, Fault.PASSING));
            cluster.awaitMembers(3);
            assertTrue(cluster.failures(1).left(AdoptReplica.class) + cluster.failures(2).left(AdoptReplica.class)
                    < 6, "no copy failed: the test tested nothing");
            // The first member held the only journal with the backlog; it goes without handing over.
            cluster.terminate(0);
            Set<String> received = new HashSet<>();
            try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 100));
                for (int i = 0; i < sent.size(); i++) {
                    var d = consumer.receive(BOUND.toMillis(), true);
                    assertNotNull(d, "nothing more after " + i + " messages");
                    received.add(d.message().id());
                }
            }
            assertEquals(sent, received);
        } finally {
            cluster.close();
        }
    }

    @Test
    void aConsumerWhoseLeaseFailsForGoodGivesBackWhatItHoldsAndSaysSo() {
        try (TestCluster cluster = TestCluster.start(1, dataDir)) {
            HzEngine engine = cluster.engine(0);
            DestinationName queue = freshQueue();
            List<EngineException> told = new CopyOnWriteArrayList<>();
            try (EngineConnection c = engine.connect(told::add)) {
                EngineProducer producer = c.openProducer();
                for (int i = 0; i < 20; i++) {
                    producer.send(queue, message("m" + i, 4, true));
                }
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, 10));
                assertNotNull(consumer.receive(10_000, false));
                await().atMost(BOUND).until(() -> engine.stats(queue).equals(new DestinationStats(10, 10)));
                cluster.failures(0).arm(LeaseMessages.class, 1, Fault.LASTING);
                // Below the low-water mark the consumer asks for more, and that request fails: the
                // consumer stops, and what it had prefetched goes back at once.
                int handedOut = 1;
                try {
                    for (int i = 0; i < 5; i++) {
                        assertNotNull(consumer.receive(10_000, false));
                        handedOut++;
                    }
                } catch (EngineException stopped) {
                    assertTrue(stopped.getMessage().contains("Injected failure"), stopped.getMessage());
                }

                await().atMost(BOUND).until(() -> !told.isEmpty());
                assertTrue(told.get(0).getMessage().contains("Injected failure"), told.get(0).getMessage());
                assertEquals(new DestinationStats(20 - handedOut, handedOut), engine.stats(queue),
                        "the prefetched messages went back; those handed out stay with the application");
                assertThrows(EngineException.class, () -> consumer.receive(1_000, false));
            }
            assertEquals(new DestinationStats(20, 0), engine.stats(queue), "closing gave back the six");
        }
    }

    /** Commits a transaction that sends one message to each of two queues (two shards: two phases). */
    private static void commitOneMessageToEach(HzEngine engine, DestinationName first, DestinationName second) {
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            TransactionWork work = new TransactionWork();
            EngineProducer producer = c.openProducer();
            work.send(producer, first, message("a", 4, true));
            work.send(producer, second, message("b", 4, true));
            c.commit(work);
        }
    }

    private static DestinationName freshQueue() {
        return DestinationName.queue("q-" + UUID.randomUUID());
    }
}
