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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in one JVM; a member is killed (terminated, no graceful hand-over) in the
 * middle of a 10,000-message run. Nothing sent may be lost; a message may arrive twice only
 * if it was leased and unacknowledged when the member died, and then it says so.
 */
@Timeout(180)
class ClusterFailoverTest {

    private static final int MESSAGES = 10_000;
    private static final int KILL_AFTER = 3_000;
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    @TempDir
    Path dataDir;
    private TestCluster cluster;
    private final java.util.concurrent.CountDownLatch sentBeforeKill = new java.util.concurrent.CountDownLatch(1);
    /** Sent to the queue of the member that dies. */
    private final AtomicInteger sent = new AtomicInteger();

    @BeforeEach
    void start() {
        cluster = TestCluster.start(3, dataDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void killingTheShardOwnerLosesNothingAndDuplicatesNothingItDidNotHold() throws Exception {
        DestinationName queue = cluster.queueOwnedBy(B, 0, 1);
        // A queue of a member that stays, used by the same members all along.
        DestinationName bystander = cluster.queueOwnedBy(A, 0, 1);
        Ledger ledger = new Ledger();
        Ledger bystanderLedger = new Ledger();
        Thread producer = producer(cluster.engine(A), queue, true, sent);
        Thread bystanderProducer = producer(cluster.engine(A), bystander, true, new AtomicInteger());
        EngineConnection consumerConnection = cluster.engine(C).connect(ConnectionListener.IGNORE);
        Thread consumer = consumer(consumerConnection.openConsumer(ConsumerSpec.of(queue)), ledger, false);
        Thread bystanderConsumer = consumer(consumerConnection.openConsumer(ConsumerSpec.of(bystander)),
                bystanderLedger, false);
        producer.start();
        bystanderProducer.start();
        consumer.start();
        bystanderConsumer.start();

        ledger.killPoint.await();
        kill(B, ledger);

        producer.join(120_000);
        bystanderProducer.join(120_000);
        await().atMost(Duration.ofSeconds(90)).until(() -> ledger.distinct() == MESSAGES
                && bystanderLedger.distinct() == MESSAGES);
        consumerConnection.close();
        consumer.join(10_000);
        bystanderConsumer.join(10_000);
        ledger.assertComplete();
        bystanderLedger.assertComplete();
        assertEquals(List.of(), bystanderLedger.duplicates, "a message of a queue the dead member did not hold came twice");
        assertNull(ledger.failure.get(), () -> "consumer failed: " + ledger.failure.get());
        assertNull(bystanderLedger.failure.get(), () -> "consumer failed: " + bystanderLedger.failure.get());
    }

    @Test
    void killingTheConsumersMemberLosesNothing() throws Exception {
        DestinationName queue = cluster.queueOwnedBy(B, 0, 1);
        Ledger ledger = new Ledger();
        Thread producer = producer(cluster.engine(A), queue, false, sent);
        EngineConsumer doomed = cluster.engine(C).connect(ConnectionListener.IGNORE)
                .openConsumer(ConsumerSpec.of(queue));
        // It stops taking messages at the kill point, holding a full prefetch of leases.
        Thread firstConsumer = consumer(doomed, ledger, true);
        producer.start();
        firstConsumer.start();

        ledger.killPoint.await();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.engine(A).stats(queue).leased() > 0);
        kill(C, ledger);
        firstConsumer.join(30_000);
        assertTrue(ledger.failure.get() instanceof EngineException, "the dead member's consumer stops with an error");

        // The application reconnects through a surviving member and carries on.
        try (EngineConnection survivor = cluster.engine(A).connect(ConnectionListener.IGNORE)) {
            ledger.failure.set(null);
            Thread secondConsumer = consumer(survivor.openConsumer(ConsumerSpec.of(queue)), ledger, false);
            secondConsumer.start();
            producer.join(120_000);
            await().atMost(Duration.ofSeconds(90)).until(() -> ledger.distinct() == MESSAGES);
        }
        ledger.assertComplete();
    }

    /**
     * Sends the first half at once and the second half only after the kill, so that messages
     * are sent both before and after it (and likely in flight as it happens).
     */
    private Thread producer(HzEngine engine, DestinationName queue, boolean persistent, AtomicInteger counted) {
        return new Thread(() -> {
            try (EngineConnection c = engine.connect(ConnectionListener.IGNORE)) {
                EngineProducer p = c.openProducer();
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 2) {
                        sentBeforeKill.await();
                    }
                    p.send(queue, MessageRecord.builder("m-" + i).persistent(persistent)
                            .property("seq", (long) i).body(new byte[128]).build());
                    counted.incrementAndGet();
                }
                p.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-producer");
    }

    private void kill(int member, Ledger ledger) {
        int sentThen = sent.get();
        int receivedThen = ledger.distinct();
        cluster.terminate(member);
        sentBeforeKill.countDown();
        System.out.printf("killed member %d after %d sent, %d received%n", member, sentThen, receivedThen);
        assertTrue(sentThen < MESSAGES, "the kill happens in the middle of the run");
    }

    private Thread consumer(EngineConsumer consumer, Ledger ledger, boolean pauseAtKillPoint) {
        return new Thread(() -> {
            try {
                while (true) {
                    Delivery d = consumer.receive(-1, true);
                    if (d == null) {
                        return;
                    }
                    if (ledger.record(d) == KILL_AFTER) {
                        ledger.killPoint.countDown();
                        if (pauseAtKillPoint) {
                            sentBeforeKill.await();
                        }
                    }
                }
            } catch (EngineException e) {
                ledger.failure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-consumer");
    }

    /** What the consumers saw. */
    private static final class Ledger {
        final ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        final List<Delivery> duplicates = new CopyOnWriteArrayList<>();
        final List<Long> firstTimeOrder = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final java.util.concurrent.CountDownLatch killPoint = new java.util.concurrent.CountDownLatch(1);

        /** Records a delivery; returns how many distinct messages have been seen. */
        synchronized int record(Delivery d) {
            long seq = (Long) d.message().properties().get("seq");
            if (seen.putIfAbsent(seq, Boolean.TRUE) != null) {
                duplicates.add(d);
            } else if (!d.redelivered()) {
                firstTimeOrder.add(seq);
            }
            return seen.size();
        }

        int distinct() {
            return seen.size();
        }

        long redeliveredCount() {
            return duplicates.stream().filter(Delivery::redelivered).count();
        }

        synchronized void assertComplete() {
            System.out.printf("received %d distinct, %d duplicates (all redelivered: %s)%n", seen.size(),
                    duplicates.size(), duplicates.stream().allMatch(Delivery::redelivered));
            assertEquals(MESSAGES, seen.size(), "every message sent was received");
            for (Delivery d : duplicates) {
                assertTrue(d.redelivered(), () -> "a duplicate must be flagged redelivered: " + d);
            }
            for (int i = 1; i < firstTimeOrder.size(); i++) {
                assertTrue(firstTimeOrder.get(i - 1) < firstTimeOrder.get(i), "first deliveries keep send order");
            }
        }
    }
}
