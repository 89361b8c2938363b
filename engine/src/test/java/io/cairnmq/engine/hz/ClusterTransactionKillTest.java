package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.TransactionRolledBackException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.TransactionsReply;
import io.cairnmq.engine.hz.ops.ReadTransactions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Transactions in a 3-member cluster whose member dies mid-commit: the member of the committing
 * session, or one that owns a shard the transactions change. Whatever the moment, every
 * transaction happened all together or not at all, every one whose commit returned happened,
 * and no message is lost or there twice. The kill point is random; the seed is printed
 * ({@code -Dcairnmq.kill.seed} replays it, {@code -Dcairnmq.kill.rounds} runs more rounds).
 */
@Timeout(600)
class ClusterTransactionKillTest {

    /** What each transaction does. */
    enum Shape {
        /** Sends 10 messages to a queue of 4 shards. */
        PRODUCE,
        /** Receives 10 messages from a queue and acknowledges them. */
        CONSUME,
        /** Receives up to 10 messages from one queue and sends one to another for each. */
        MOVE,
        /** The same, to the queue of 4 shards. */
        MOVE_TO_SHARDED
    }

    /** Which member is terminated. */
    enum Victim {
        SESSION_MEMBER, SHARD_OWNER
    }

    private static final int COMMITTER = 2;
    private static final int BACKLOG = 2_000;
    private static final int PER_TRANSACTION = 10;

    @TempDir
    Path dataDir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Victim victim : Victim.values()) {
                cases.add(Arguments.of(shape, victim));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} terminated")
    @MethodSource("cases")
    void everyTransactionHappensWhollyOrNotAtAll(Shape shape, Victim victim) {
        int rounds = Integer.getInteger("cairnmq.kill.rounds", 1);
        long seed = Long.getLong("cairnmq.kill.seed", System.nanoTime());
        System.out.println("ClusterTransactionKillTest " + shape + "/" + victim + ": seed " + seed);
        Random random = new Random(seed);
        for (int round = 1; round <= rounds; round++) {
            String where = shape + ", " + victim + " terminated, round " + round + " of seed " + seed
                    + " (-Dcairnmq.kill.seed=" + seed + ")";
            try {
                round(shape, victim, random, dataDir.resolve("round-" + round));
            } catch (AssertionError | RuntimeException e) {
                fail(where + ": " + e.getMessage(), e);
            }
        }
    }

    private void round(Shape shape, Victim victim, Random random, Path dir) {
        try (TestCluster cluster = TestCluster.start(3, dir)) {
            DestinationName in = cluster.queueOwnedBy(0, 0, 1);
            DestinationName out = cluster.queueOwnedBy(1, 0, 1);
            DestinationName wide = DestinationName.queue("wide");
            cluster.engine(COMMITTER).declare(wide, DestinationSettings.sharded(4));
            List<String> backlog = new ArrayList<>();
            if (shape != Shape.PRODUCE) {
                try (EngineConnection loader = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                    EngineProducer producer = loader.openProducer();
                    for (int i = 0; i < BACKLOG; i++) {
                        backlog.add("in-" + i);
                        producer.send(in, message("in-" + i, 4, true));
                    }
                }
            }
            DestinationName target = shape == Shape.MOVE ? out : wide;
            int killed = victim == Victim.SESSION_MEMBER ? COMMITTER : random.nextInt(2);
            int survivor = killed == 0 ? 1 : 0;

            Committer committer = new Committer(cluster.engine(COMMITTER), shape, in, target);
            Thread thread = new Thread(committer, "committer");
            thread.start();
            int killAfter = 1 + random.nextInt(5);
            await().atMost(Duration.ofSeconds(60)).until(() -> committer.committed.get() >= killAfter
                    || committer.stopped.get());
            // Into the middle of the next commit: most of the committer's time is spent there.
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(20_000)));
            cluster.terminate(killed);
            committer.stop.set(true);
            await().atMost(Duration.ofSeconds(150)).until(() -> !thread.isAlive());
            if (committer.unexpected != null) {
                throw new AssertionError("the committer failed with " + committer.unexpected, committer.unexpected);
            }
            if (killed != COMMITTER) {
                committer.close();
            }

            HzEngine alive = cluster.engine(survivor);
            List<ShardKey> keys = new ArrayList<>(List.of(new ShardKey(in.qualified(), 0),
                    new ShardKey(out.qualified(), 0)));
            for (int s = 0; s < 4; s++) {
                keys.add(new ShardKey(wide.qualified(), s));
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (DestinationName queue : List.of(in, out, wide)) {
                    assertEquals(0, alive.stats(queue).leased(), "leased on " + queue);
                }
                for (ShardKey key : keys) {
                    TransactionsReply held = alive.shards().executeOnKey(key, new ReadTransactions());
                    assertEquals(Map.of(), held.preparedTransactions(), "prepared on " + key);
                    assertEquals(Map.of(), held.committedTransactions(), "decided on " + key);
                }
            });
            List<String> left = TestCluster.browse(alive, in);
            List<String> sent = TestCluster.browse(alive, target);
            System.out.println("  member " + killed + " terminated after commit " + killAfter + "; attempts "
                    + committer.attempts + "; " + left.size() + " left, " + sent.size() + " sent");
            check(shape, committer.attempts, backlog, left, sent);
        }
    }

    /** The all-or-nothing, no-loss and no-duplicate checks over what the queues hold at the end. */
    private static void check(Shape shape, List<Attempt> attempts, List<String> backlog, List<String> left,
                              List<String> sent) {
        assertEquals(sent.size(), new HashSet<>(sent).size(), "a message sent twice: " + sent);
        assertEquals(left.size(), new HashSet<>(left).size(), "a message left twice: " + left);
        Set<String> sentSet = new HashSet<>(sent);
        Set<String> leftSet = new HashSet<>(left);
        if (shape != Shape.PRODUCE) {
            // Each received message is either still there or was taken by a transaction that committed.
            Set<String> gone = new HashSet<>(backlog);
            gone.removeAll(leftSet);
            Set<String> expectedGone = new HashSet<>();
            for (Attempt attempt : attempts) {
                Set<String> ids = new HashSet<>(attempt.ids);
                int goneHere = (int) ids.stream().filter(gone::contains).count();
                int movedHere = (int) ids.stream().filter(id -> sentSet.contains("out-" + id)).count();
                assertTrue(goneHere == 0 || goneHere == ids.size(),
                        "transaction " + attempt + " acknowledged partly: " + goneHere + " of " + ids.size());
                if (shape != Shape.CONSUME) {
                    assertEquals(goneHere, movedHere, "transaction " + attempt + ": acknowledged " + goneHere
                            + " but sent " + movedHere);
                }
                attempt.assertOutcome(goneHere == ids.size() && !ids.isEmpty());
                if (goneHere == ids.size()) {
                    expectedGone.addAll(ids);
                }
            }
            assertEquals(expectedGone, gone, "messages gone that no transaction took");
            if (shape != Shape.CONSUME) {
                Set<String> expectedSent = new HashSet<>();
                expectedGone.forEach(id -> expectedSent.add("out-" + id));
                assertEquals(expectedSent, sentSet, "messages sent that no transaction committed");
            }
        } else {
            Set<String> expectedSent = new HashSet<>();
            for (Attempt attempt : attempts) {
                int there = (int) attempt.ids.stream().filter(sentSet::contains).count();
                assertTrue(there == 0 || there == attempt.ids.size(),
                        "transaction " + attempt + " partly there: " + there + " of " + attempt.ids.size());
                attempt.assertOutcome(there == attempt.ids.size());
                if (there > 0) {
                    expectedSent.addAll(attempt.ids);
                }
            }
            assertEquals(expectedSent, sentSet, "messages there that no transaction sent");
        }
    }

    /** How a commit ended, as its caller learned it. */
    enum Outcome {
        COMMITTED, ROLLED_BACK, IN_DOUBT, FAILED
    }

    /** One transaction the committer tried, and what its commit said. */
    private static final class Attempt {
        final int number;
        final List<String> ids;
        volatile Outcome outcome;
        volatile RuntimeException failure;

        Attempt(int number, List<String> ids) {
            this.number = number;
            this.ids = ids;
        }

        /** What the caller was told must agree with what happened. */
        void assertOutcome(boolean happened) {
            if (outcome == Outcome.COMMITTED) {
                assertTrue(happened, "transaction " + this + " returned from commit but did not happen");
            } else if (outcome == Outcome.ROLLED_BACK) {
                assertTrue(!happened, "transaction " + this + " was reported rolled back but happened");
            }
        }

        @Override
        public String toString() {
            return "#" + number + " (" + outcome + ", " + ids.size() + " messages"
                    + (failure == null ? "" : ", " + failure) + ")";
        }
    }

    /** Commits transactions of one shape, one after the other, until told to stop or its member dies. */
    private static final class Committer implements Runnable {
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        final AtomicInteger committed = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean stopped = new AtomicBoolean();
        /** A failure that is not the engine's own exception (one that escaped translation). */
        volatile RuntimeException unexpected;
        private final Shape shape;
        private final DestinationName in;
        private final DestinationName target;
        private final EngineConnection connection;

        Committer(HzEngine engine, Shape shape, DestinationName in, DestinationName target) {
            this.shape = shape;
            this.in = in;
            this.target = target;
            this.connection = engine.connect(ConnectionListener.IGNORE);
        }

        @Override
        public void run() {
            try {
                EngineProducer producer = connection.openProducer();
                EngineConsumer consumer = shape == Shape.PRODUCE ? null : connection.openConsumer(ConsumerSpec.of(in));
                for (int number = 1; !stop.get(); number++) {
                    if (!commitOne(number, producer, consumer)) {
                        return;
                    }
                }
            } catch (EngineException e) {
                // its member died while it received or sent: the attempt in progress is checked anyway
            } catch (RuntimeException e) {
                unexpected = e;
            } finally {
                stopped.set(true);
            }
        }

        private boolean commitOne(int number, EngineProducer producer, EngineConsumer consumer) {
            TransactionWork work = new TransactionWork();
            List<String> ids = new ArrayList<>();
            if (consumer == null) {
                for (int i = 0; i < PER_TRANSACTION; i++) {
                    String id = "t" + number + "-" + i;
                    ids.add(id);
                    work.send(producer, target, message(id, 4, true));
                }
            } else {
                for (int i = 0; i < PER_TRANSACTION; i++) {
                    Delivery d = consumer.receive(2_000, false);
                    if (d == null) {
                        break;
                    }
                    ids.add(d.message().id());
                    if (shape != Shape.CONSUME) {
                        work.send(producer, target, message("out-" + d.message().id(), 4, true));
                    }
                }
                if (ids.isEmpty()) {
                    return false;
                }
                work.acknowledge(consumer);
            }
            Attempt attempt = new Attempt(number, ids);
            attempts.add(attempt);
            try {
                connection.commit(work);
                attempt.outcome = Outcome.COMMITTED;
                committed.incrementAndGet();
                return true;
            } catch (TransactionRolledBackException e) {
                attempt.outcome = Outcome.ROLLED_BACK;
                return true;
            } catch (TransactionInDoubtException e) {
                attempt.outcome = Outcome.IN_DOUBT;
                attempt.failure = e;
                return false;
            } catch (EngineException e) {
                attempt.outcome = Outcome.FAILED;
                attempt.failure = e;
                return false;
            }
        }

        void close() {
            connection.close();
        }
    }
}
