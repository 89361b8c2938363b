package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.hz.member.ShardKey;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Dead-lettering in a 3-member cluster whose member is terminated while messages are being
 * moved: the member that owns the queue, the one that owns the dead-letter queue, or the
 * consumer's. A consumer puts every message back once, so that with {@code maxDeliveryAttempts=1}
 * each is moved at its next lease; afterwards every message is in the dead-letter queue exactly
 * once and nowhere else. The kill point is random; the seed is printed
 * ({@code -Dcairnmq.kill.seed} replays it, {@code -Dcairnmq.kill.rounds} runs more rounds).
 */
@Timeout(600)
class DeadLetterKillTest {

    /** Which member is terminated. */
    enum Victim {
        QUEUE_OWNER, DEAD_LETTER_OWNER, CONSUMER_MEMBER
    }

    private static final int MESSAGES = 300;
    private static final DestinationName QUEUE = DestinationName.queue("work");
    private static final DestinationName DEAD_LETTERS = DestinationName.queue("dead");

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0} terminated")
    @EnumSource(Victim.class)
    void everyMessageEndsInTheDeadLetterQueueExactlyOnce(Victim victim) {
        int rounds = Integer.getInteger("cairnmq.kill.rounds", 1);
        long seed = Long.getLong("cairnmq.kill.seed", System.nanoTime());
        System.out.println("DeadLetterKillTest " + victim + ": seed " + seed);
        Random random = new Random(seed);
        for (int round = 1; round <= rounds; round++) {
            try {
                round(victim, random, dataDir.resolve("round-" + round));
            } catch (AssertionError | RuntimeException e) {
                fail(victim + " terminated, round " + round + " of seed " + seed + " (-Dcairnmq.kill.seed=" + seed
                        + "): " + e.getMessage(), e);
            }
        }
    }

    private void round(Victim victim, Random random, Path dir) {
        try (TestCluster cluster = TestCluster.start(3, dir, Map.of("maxDeliveryAttempts", "1",
                "deadLetterQueue", DEAD_LETTERS.name()))) {
            int queueOwner = cluster.ownerOf(new ShardKey(QUEUE.qualified(), 0));
            int deadOwner = cluster.ownerOf(new ShardKey(DEAD_LETTERS.qualified(), 0));
            int consumerMember = (queueOwner + 1) % 3;
            int killed = switch (victim) {
                case QUEUE_OWNER -> queueOwner;
                case DEAD_LETTER_OWNER -> deadOwner;
                case CONSUMER_MEMBER -> consumerMember;
            };
            int survivor = (killed + 1) % 3;
            Set<String> sent = new HashSet<>();
            try (EngineConnection loader = cluster.engine(survivor).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = loader.openProducer();
                for (int i = 0; i < MESSAGES; i++) {
                    sent.add("m-" + i);
                    producer.send(QUEUE, message("m-" + i, 4, true));
                }
            }
            Refuser first = new Refuser(cluster.engine(consumerMember));
            first.start();
            int killAfter = 1 + random.nextInt(MESSAGES / 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.engine(survivor).stats(DEAD_LETTERS).depth()
                    >= killAfter);
            cluster.terminate(killed);
            first.stopAndJoin();
            int drainer = killed == consumerMember ? survivor : consumerMember;
            Refuser second = new Refuser(cluster.engine(drainer));
            second.start();
            HzEngine alive = cluster.engine(survivor);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> alive.stats(QUEUE).depth() == 0
                        && alive.stats(DEAD_LETTERS).depth() >= MESSAGES);
            } finally {
                second.stopAndJoin();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> alive.stats(DEAD_LETTERS).leased() == 0);
            List<String> dead = browse(alive, DEAD_LETTERS);
            System.out.println("  member " + killed + " (" + victim + ") terminated after " + killAfter
                    + " moved; dead-letter queue holds " + dead.size());
            assertEquals(dead.size(), new HashSet<>(dead).size(), "a message in the dead-letter queue twice");
            assertEquals(sent, new HashSet<>(dead), "what the dead-letter queue holds");
            assertEquals(0, alive.stats(QUEUE).depth(), "left in the queue");
        }
    }

    private static List<String> browse(HzEngine engine, DestinationName queue) {
        List<String> ids = new ArrayList<>();
        try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
            EngineBrowser browser = c.browse(queue, null);
            for (Delivery d = browser.next(); d != null; d = browser.next()) {
                ids.add(d.message().id());
            }
        }
        return ids;
    }

    /** A consumer that puts back every message it receives, counted as a failed delivery. */
    private static final class Refuser extends Thread {
        private final EngineConnection connection;
        private final AtomicBoolean stop = new AtomicBoolean();

        Refuser(HzEngine engine) {
            super("refuser");
            this.connection = engine.connect(ConnectionListener.IGNORE);
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
