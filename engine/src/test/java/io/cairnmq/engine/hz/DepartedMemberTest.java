package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.topic.TopicState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.cairnmq.engine.hz.HzEngineTest.message;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a member that dies leaves behind, as the survivors see it: its connections' non-durable
 * subscriptions and temporary destinations go, named subscriptions keep their messages (what its
 * consumers held comes back redelivered), its client IDs are free again, and of what its
 * consumers had received and acknowledged, at most a prefetch comes again, each flagged.
 */
@Timeout(180)
class DepartedMemberTest {

    private static final int DOOMED = 2;

    @TempDir
    Path dataDir;

    @Test
    void itsSubscriptionsAndTemporaryDestinationsAreSettledBySurvivors() {
        try (TestCluster cluster = TestCluster.start(3, dataDir)) {
            DestinationName topic = DestinationName.topic("news-" + UUID.randomUUID());
            SubscriptionSpec durable = SubscriptionSpec.durable("app", "kept", false);
            SubscriptionSpec shared = SubscriptionSpec.sharedDurable(null, "pool");
            EngineConnection doomed = cluster.engine(DOOMED).connect(ConnectionListener.IGNORE);
            doomed.claimClientId("app");
            EngineConsumer privateOne = doomed.openConsumer(new ConsumerSpec(topic, 10, Acknowledgements.EAGER, null,
                    SubscriptionSpec.nonDurable(false)));
            EngineConsumer durableOne = doomed.openConsumer(new ConsumerSpec(topic, 10, Acknowledgements.EAGER, null, durable));
            EngineConsumer sharedOne = doomed.openConsumer(new ConsumerSpec(topic, 10, Acknowledgements.EAGER, null, shared));
            DestinationName temporary = doomed.createTemporary(DestinationKind.QUEUE);
            try (EngineConnection publisher = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = publisher.openProducer();
                for (int i = 0; i < 3; i++) {
                    producer.send(topic, message("n" + i, 4, true));
                }
                producer.send(temporary, message("t", 4, true));
            }
            // Each named subscription's consumer holds its first message, unacknowledged.
            assertEquals("n0", durableOne.receive(10_000, false).message().id());
            assertEquals("n0", sharedOne.receive(10_000, false).message().id());
            assertNotNull(privateOne.receive(10_000, false));
            assertEquals(3, subscriptionsOf(cluster, topic).size());

            cluster.terminate(DOOMED);

            HzEngine survivor = cluster.engine(0);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertEquals(Set.of(durable.qualifiedName(), shared.qualifiedName()),
                        new HashSet<>(subscriptionsOf(cluster, topic)), "the private subscription is gone");
                assertFalse(survivor.catalog().allNames().contains(temporary.qualified()),
                        "the temporary queue is deleted");
                assertEquals(0, survivor.stats(topic).leased(), "what its consumers held is released");
            });
            try (EngineConnection again = survivor.connect(ConnectionListener.IGNORE)) {
                again.claimClientId("app");
                EngineConsumer durableAgain = again.openConsumer(new ConsumerSpec(topic, 10, Acknowledgements.EAGER, null, durable));
                EngineConsumer sharedAgain = again.openConsumer(new ConsumerSpec(topic, 10, Acknowledgements.EAGER, null, shared));
                for (EngineConsumer consumer : List.of(durableAgain, sharedAgain)) {
                    Delivery first = consumer.receive(10_000, true);
                    assertEquals("n0", first.message().id());
                    assertTrue(first.redelivered(), "what the dead consumer held comes back redelivered");
                    assertEquals("n1", consumer.receive(10_000, true).message().id());
                    assertEquals("n2", consumer.receive(10_000, true).message().id());
                }
            }
        }
    }

    @ParameterizedTest(name = "acknowledgements (LAZY as DUPS_OK): {0}")
    @EnumSource(Acknowledgements.class)
    void ofWhatItsConsumerReceivedAtMostAPrefetchComesAgainFlagged(Acknowledgements acknowledgements) {
        int prefetch = 64;
        int count = 2_000;
        try (TestCluster cluster = TestCluster.start(3, dataDir)) {
            DestinationName queue = cluster.queueOwnedBy(0, 0, 1);
            try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = c.openProducer();
                for (int i = 0; i < count; i++) {
                    producer.send(queue, message("m" + i, 4, true));
                }
            }
            EngineConsumer doomed = cluster.engine(DOOMED).connect(ConnectionListener.IGNORE)
                    .openConsumer(new ConsumerSpec(queue, prefetch, acknowledgements));
            Set<String> receivedBefore = new HashSet<>();
            for (int i = 0; i < count / 2; i++) {
                receivedBefore.add(doomed.receive(10_000, true).message().id());
            }

            cluster.terminate(DOOMED);

            Set<String> again = new HashSet<>();
            try (EngineConnection c = cluster.engine(1).connect(ConnectionListener.IGNORE)) {
                EngineConsumer consumer = c.openConsumer(new ConsumerSpec(queue, prefetch));
                Set<String> all = new HashSet<>(receivedBefore);
                while (all.size() < count) {
                    Delivery d = consumer.receive(30_000, true);
                    assertNotNull(d, "lost: only " + all.size() + " of " + count + " arrived");
                    if (receivedBefore.contains(d.message().id())) {
                        assertTrue(d.redelivered(), "a message received before comes again unflagged");
                        again.add(d.message().id());
                    }
                    all.add(d.message().id());
                }
            }
            System.out.printf("acknowledgements=%s: %d of %d received messages came again%n", acknowledgements,
                    again.size(), receivedBefore.size());
            assertTrue(again.size() <= prefetch, again.size() + " received messages came again, more than a prefetch");
        }
    }

    private static List<String> subscriptionsOf(TestCluster cluster, DestinationName topic) {
        return ((TopicState) cluster.engine(0).shards().get(new ShardKey(topic.qualified(), 0))).subscriptionIds();
    }
}
