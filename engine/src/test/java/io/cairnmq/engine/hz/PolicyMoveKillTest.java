package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.ShardKey;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Moves to a dead-letter or expiry queue in a 3-member cluster whose member is terminated while
 * messages are being moved: the member that owns the queue, the one that owns the queue they go
 * to, or the consumer's. For dead letters a consumer puts every message back once, so that with
 * {@code maxDeliveryAttempts=1} each is moved at its next lease; for expiry every message
 * expires soon after it is sent, nobody consumes, and the owner's expiry scan moves them.
 * Afterwards every message is in the target queue exactly once and nowhere else. The kill point
 * is random; the seed is printed ({@code -Dcairnmq.kill.seed} replays it,
 * {@code -Dcairnmq.kill.rounds} runs more rounds).
 */
@Timeout(600)
class PolicyMoveKillTest {

    /** Which member is terminated. */
    enum Victim {
        QUEUE_OWNER, TARGET_OWNER, CONSUMER_MEMBER
    }

    /** Why the messages move. */
    enum Reason {
        OUT_OF_ATTEMPTS, EXPIRED
    }

    private static final int MESSAGES = 300;
    private static final DestinationName QUEUE = DestinationName.queue("work");
    private static final DestinationName TARGET = DestinationName.queue("moved");
    /** How long after its send a message expires, in the expiry case. */
    private static final long TIME_TO_LIVE = 300;

    @TempDir
    Path dataDir;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(Reason.OUT_OF_ATTEMPTS, Victim.QUEUE_OWNER),
                Arguments.of(Reason.OUT_OF_ATTEMPTS, Victim.TARGET_OWNER),
                Arguments.of(Reason.OUT_OF_ATTEMPTS, Victim.CONSUMER_MEMBER),
                Arguments.of(Reason.EXPIRED, Victim.QUEUE_OWNER),
                Arguments.of(Reason.EXPIRED, Victim.TARGET_OWNER));
    }

    @ParameterizedTest(name = "{0}, {1} terminated")
    @MethodSource("cases")
    void everyMessageEndsInTheTargetQueueExactlyOnce(Reason reason, Victim victim) {
        int rounds = Integer.getInteger("cairnmq.kill.rounds", 1);
        long seed = Long.getLong("cairnmq.kill.seed", System.nanoTime());
        System.out.println("PolicyMoveKillTest " + reason + "/" + victim + ": seed " + seed);
        Random random = new Random(seed);
        for (int round = 1; round <= rounds; round++) {
            try {
                round(reason, victim, random, dataDir.resolve("round-" + round));
            } catch (AssertionError | RuntimeException e) {
                fail(reason + ", " + victim + " terminated, round " + round + " of seed " + seed
                        + " (-Dcairnmq.kill.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private void round(Reason reason, Victim victim, Random random, Path dir) {
        Map<String, String> options = reason == Reason.OUT_OF_ATTEMPTS
                ? Map.of("maxDeliveryAttempts", "1", "deadLetterQueue", TARGET.name())
                : Map.of("expiryQueue", TARGET.name(), "expiryScanMillis", "100");
        try (TestCluster cluster = TestCluster.start(3, dir, options)) {
            int queueOwner = cluster.ownerOf(new ShardKey(QUEUE.qualified(), 0));
            int targetOwner = cluster.ownerOf(new ShardKey(TARGET.qualified(), 0));
            int consumerMember = (queueOwner + 1) % 3;
            int killed = switch (victim) {
                case QUEUE_OWNER -> queueOwner;
                case TARGET_OWNER -> targetOwner;
                case CONSUMER_MEMBER -> consumerMember;
            };
            int survivor = (killed + 1) % 3;
            Set<String> sent = new HashSet<>();
            try (EngineConnection loader = cluster.engine(survivor).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = loader.openProducer();
                for (int i = 0; i < MESSAGES; i++) {
                    sent.add("m-" + i);
                    MessageRecord m = message("m-" + i, 4, true);
                    producer.send(QUEUE, reason == Reason.EXPIRED
                            ? m.toBuilder().expiration(System.currentTimeMillis() + TIME_TO_LIVE).build() : m);
                }
            }
            boolean refusing = reason == Reason.OUT_OF_ATTEMPTS;
            Refuser first = refusing ? Refuser.start(cluster.engine(consumerMember)) : null;
            int killAfter = 1 + random.nextInt(MESSAGES / 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.engine(survivor).stats(TARGET).depth()
                    >= killAfter);
            cluster.terminate(killed);
            int drainer = killed == consumerMember ? survivor : consumerMember;
            Refuser second = null;
            if (refusing) {
                first.stopAndJoin();
                second = Refuser.start(cluster.engine(drainer));
            }
            HzEngine alive = cluster.engine(survivor);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> alive.stats(QUEUE).depth() == 0
                        && alive.stats(TARGET).depth() >= MESSAGES);
            } finally {
                if (second != null) {
                    second.stopAndJoin();
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> alive.stats(TARGET).leased() == 0);
            List<String> moved = TestCluster.browse(alive, TARGET);
            System.out.println("  member " + killed + " (" + victim + ") terminated after " + killAfter
                    + " moved; the target queue holds " + moved.size());
            assertEquals(moved.size(), new HashSet<>(moved).size(), "a message in the target queue twice");
            assertEquals(sent, new HashSet<>(moved), "what the target queue holds");
            assertEquals(0, alive.stats(QUEUE).depth(), "left in the queue");
        }
    }

    /** A consumer that puts back every message it receives, counted as a failed delivery. */
    private static final class Refuser extends Thread {
        private final EngineConnection connection;
        private final AtomicBoolean stop = new AtomicBoolean();

        Refuser(HzEngine engine) {
            super("refuser");
            this.connection = engine.connect(ConnectionListener.IGNORE);
        }

        static Refuser start(HzEngine engine) {
            Refuser refuser = new Refuser(engine);
            refuser.start();
            return refuser;
        }

        @Override
        public void run() {
            try {
                EngineConsumer consumer = connection.openConsumer(ConsumerSpec.of(QUEUE));
                while (!stop.get()) {
                    Delivery d = consumer.receive(200, false);
                    if (d != null) {
                        consumer.release(d);
                    }
                }
            } catch (EngineException e) {
                // its member was terminated
            }
        }

        void stopAndJoin() {
            stop.set(true);
            try {
                join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                connection.close();
            } catch (EngineException e) {
                // its member was terminated
            }
        }
    }
}
