package io.cairnmq.samples.frameworks;

import jakarta.jms.Message;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.listener.SessionAwareMessageListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link DefaultMessageListenerContainer} in AUTO_ACKNOWLEDGE, stopped while it is idle,
 * catches up after its restart on everything sent while it was stopped, each message once.
 *
 * <p>In AUTO_ACKNOWLEDGE the provider acknowledges a message when {@code receive} returns it,
 * before Spring looks at it, and Spring drops (only logs) a message that a receive returns after
 * {@code stop()} has cleared the container's running flag: that is Spring's documented
 * behaviour ({@code acceptMessagesWhileStopping}, false by default). {@code stop()} clears the
 * flag before it stops the connection, so a message that a receive returns between the two is
 * lost whatever the provider. These tests therefore stop the container only once nothing is in
 * flight, and send while it is stopped. What they then rely on is the rule of Jakarta Messaging
 * 6.1.5: once {@code Connection.stop()} has returned, a receive that is already waiting does not
 * return a message until the connection is started again. The container stops its connection in
 * {@code stop()}, and each of its consumers is usually waiting in a receive at that moment.
 */
@Timeout(120)
class SpringListenerContainerSendWhileStoppedTest {

    private static final int WARM_UP = 10;
    private static final int WHILE_STOPPED = 1_000;

    @TempDir
    static Path dataDir;
    private static EmbeddedTestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedTestBroker("spring-stopped", dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A durable subscription of a stopped AUTO_ACKNOWLEDGE container gets all 1,000 messages published meanwhile, each once")
    void durableSubscriptionCatchesUpAfterRestart() throws Exception {
        String topic = EmbeddedTestBroker.unique("spring-stopped-topic");
        String clientId = EmbeddedTestBroker.unique("spring-stopped-client");
        String subscription = "catch-up";
        Deliveries deliveries = new Deliveries();
        DefaultMessageListenerContainer container = container(deliveries);
        container.setDestinationName(topic);
        container.setPubSubDomain(true);
        container.setSubscriptionDurable(true);
        container.setSubscriptionName(subscription);
        container.setClientId(clientId);
        container.afterPropertiesSet();
        try {
            container.start();
            // A topic keeps a message only for the subscriptions that exist when it is published,
            // and the container subscribes on its own thread after start().
            await().atMost(Duration.ofSeconds(30)).until(container::isRegisteredWithDestination);
            broker.publishNumbered(topic, 0, WARM_UP);
            deliveries.awaitExactlyOnce(WARM_UP, Duration.ofSeconds(30));

            container.stop();
            broker.publishNumbered(topic, WARM_UP, WHILE_STOPPED);
            container.start();

            deliveries.awaitExactlyOnce(WARM_UP + WHILE_STOPPED, Duration.ofSeconds(30));
        } finally {
            container.shutdown();
        }
        deliveries.assertNoDuplicate();
        broker.unsubscribe(clientId, subscription);
    }

    @Test
    @DisplayName("A stopped AUTO_ACKNOWLEDGE container on a queue gets all 1,000 messages sent meanwhile, each once")
    void queueCatchesUpAfterRestart() throws Exception {
        String queue = EmbeddedTestBroker.unique("spring-stopped-queue");
        Deliveries deliveries = new Deliveries();
        DefaultMessageListenerContainer container = container(deliveries);
        container.setDestinationName(queue);
        container.afterPropertiesSet();
        try {
            container.start();
            broker.sendNumbered(queue, 0, WARM_UP, new AtomicInteger());
            deliveries.awaitExactlyOnce(WARM_UP, Duration.ofSeconds(30));

            container.stop();
            broker.sendNumbered(queue, WARM_UP, WHILE_STOPPED, new AtomicInteger());
            container.start();

            deliveries.awaitExactlyOnce(WARM_UP + WHILE_STOPPED, Duration.ofSeconds(30));
        } finally {
            container.shutdown();
        }
        deliveries.assertNoDuplicate();
        assertEquals(0, broker.depth(queue), "messages left on the queue");
    }

    private static DefaultMessageListenerContainer container(Deliveries deliveries) {
        DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
        container.setBeanName("auto-ack-container");
        container.setConnectionFactory(broker.factory());
        container.setSessionAcknowledgeMode(Session.AUTO_ACKNOWLEDGE);
        container.setExceptionListener(deliveries);
        container.setMessageListener((SessionAwareMessageListener<Message>) (message, session) ->
                deliveries.record(message));
        return container;
    }
}
