package io.cairnmq.samples.frameworks;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
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
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A session-transacted {@link DefaultMessageListenerContainer} is stopped and started again and
 * again while a producer fills its queue and its consumers drain it, and still sees each message
 * exactly once.
 *
 * <p>Spring rejects a message that a receive returns after {@code stop()} has cleared the
 * container's running flag, and in a transacted session it rolls that message back, so it comes
 * again (marked redelivered) after the restart without the listener having seen it. The listener
 * never throws, so every transaction it ran commits: any second call of the listener for the
 * same message is a duplicate, whatever its JMSRedelivered flag says.
 */
@Timeout(120)
class SpringListenerContainerStopStartTest {

    private static final int MESSAGES = 5_000;
    private static final int STOPS = 5;

    @TempDir
    static Path dataDir;
    private static EmbeddedTestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedTestBroker("spring-dmlc", dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A transacted container stopped and started while messages flow receives each of 5,000 exactly once")
    void everyMessageOnceAcrossStopsAndStarts() throws Exception {
        String queue = EmbeddedTestBroker.unique("spring-dmlc-transacted");
        Deliveries deliveries = new Deliveries();
        DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
        container.setBeanName("transacted-container");
        container.setConnectionFactory(broker.factory());
        container.setDestinationName(queue);
        container.setSessionTransacted(true);
        container.setConcurrentConsumers(2);
        container.setExceptionListener(deliveries);
        container.setMessageListener((SessionAwareMessageListener<Message>) (message, session) ->
                deliveries.record(message));
        container.afterPropertiesSet();

        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                broker.sendNumbered(queue, 0, MESSAGES, sent);
            } catch (JMSException | RuntimeException e) {
                producerFailure.set(e);
            }
        }, "stop-start-producer");
        try {
            container.start();
            producer.start();
            // A stop each time the producer passes another sixth of its messages: the consumers
            // are receiving when the container stops, and messages arrive while it is stopped.
            for (int stop = 1; stop <= STOPS; stop++) {
                int stopAt = stop * MESSAGES / (STOPS + 1);
                await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .failFast(deliveries::assertNoFailure)
                        .until(() -> sent.get() >= stopAt || !producer.isAlive());
                container.stop();
                int sentAtStop = sent.get();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> sent.get() >= sentAtStop + 100 || !producer.isAlive());
                container.start();
            }
            deliveries.awaitExactlyOnce(MESSAGES, Duration.ofSeconds(60));
        } finally {
            producer.join(30_000);
            container.shutdown();
        }
        assertFalse(producer.isAlive(), "the producer ended");
        assertNull(producerFailure.get(), "the producer failed");
        deliveries.assertNoDuplicate();
        assertEquals(0, broker.depth(queue), "messages left on the queue after the container shut down");
    }
}
