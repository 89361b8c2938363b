package io.cairnmq.samples.frameworks;

import io.cairnmq.engine.api.MovedMessages;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The most common Spring set-up, a session-transacted {@link DefaultMessageListenerContainer},
 * meets a message its listener always fails on: with the broker's defaults alone (10 delivery
 * attempts, dead-letter queue {@code DLQ}) the message ends in {@code DLQ} after its tenth
 * rollback, every other message is processed once, and the container goes on consuming.
 */
@Timeout(120)
class SpringListenerContainerPoisonMessageTest {

    @TempDir
    static Path dataDir;
    private static EmbeddedTestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedTestBroker("spring-poison", dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A poison message ends in DLQ after 10 rollbacks; the other 400 are processed once and the container goes on")
    void poisonMessageEndsInTheDeadLetterQueue() throws Exception {
        String queue = EmbeddedTestBroker.unique("spring-orders");
        Deliveries deliveries = new Deliveries();
        AtomicInteger poisonAttempts = new AtomicInteger();
        DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
        container.setBeanName("poisoned-container");
        container.setConnectionFactory(broker.factory());
        container.setDestinationName(queue);
        container.setSessionTransacted(true);
        container.setConcurrentConsumers(2);
        container.setExceptionListener(deliveries);
        container.setMessageListener((SessionAwareMessageListener<Message>) (message, session) -> {
            if (!message.propertyExists(EmbeddedTestBroker.SEQUENCE)) {
                poisonAttempts.incrementAndGet();
                throw new IllegalStateException("this order cannot be processed");
            }
            deliveries.record(message);
        });
        container.afterPropertiesSet();
        try {
            container.start();
            broker.sendNumbered(queue, 0, 200, new AtomicInteger());
            broker.send(queue, "poison");
            broker.sendNumbered(queue, 200, 100, new AtomicInteger());
            Message dead = deadLetterFrom(queue);
            assertEquals("poison", ((TextMessage) dead).getText());
            assertEquals(10, dead.getIntProperty(MovedMessages.DELIVERY_ATTEMPTS));
            assertEquals(10, poisonAttempts.get(), "the listener saw it once per attempt");
            broker.sendNumbered(queue, 300, 100, new AtomicInteger());
            deliveries.awaitExactlyOnce(400, Duration.ofSeconds(60));
        } finally {
            container.shutdown();
        }
        deliveries.assertNoDuplicate();
        assertEquals(0, broker.depth(queue), "messages left on the queue after the container shut down");
    }

    /** The message the dead-letter queue holds from {@code queue}; there is only one. */
    private static Message deadLetterFrom(String queue) throws JMSException {
        try (Connection connection = broker.factory().createConnection()) {
            connection.start();
            Session session = connection.createSession();
            MessageConsumer consumer = session.createConsumer(session.createQueue("DLQ"),
                    MovedMessages.ORIGINAL_DESTINATION + " = 'queue:" + queue + "'");
            Message dead = consumer.receive(60_000);
            assertNotNull(dead, "nothing from " + queue + " in DLQ");
            assertNull(consumer.receive(200), "a second copy in DLQ");
            return dead;
        }
    }
}
