package io.cairnmq.ra;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.cluster.frontend.FrontEnd;
import io.cairnmq.cluster.frontend.FrontEndSettings;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.engine.net.FreePorts;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter's inbound side under a container that behaves as a Jakarta EE server's does
 * ({@link TestContainer}): message-driven endpoints get every message once, inside the
 * container's transaction when they are transacted, concurrently up to maxSession, and a
 * message whose delivery failed comes again.
 */
@Timeout(60)
class MessageDrivenDeliveryTest {

    @TempDir
    Path dataDir;
    private final String broker = "ra-" + UUID.randomUUID().toString().substring(0, 8);
    private TestContainer container;
    private CairnResourceAdapter adapter;
    private Connection sender;

    @BeforeEach
    void start() throws JMSException {
        container = new TestContainer();
        adapter = new CairnResourceAdapter();
        adapter.setConnectionUrl("vm://" + broker + "?dataDir=" + dataDir);
        adapter.start(container);
        sender = new CairnConnectionFactory(adapter.getConnectionUrl()).createConnection();
    }

    @AfterEach
    void stop() throws Exception {
        adapter.stop();
        sender.close();
        container.close();
        Engines.shutdown(broker);
    }

    @Test
    @DisplayName("A transacted bean with maxSession 4 gets every message once, each acknowledged by the container's commit")
    void everyMessageOnceInTheContainersTransaction() throws Exception {
        String queue = queue();
        Set<String> got = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        activate(queue, 4, true, m -> {
            deliveries.incrementAndGet();
            got.add(text(m));
        });
        send(queue, 200);
        await().untilAsserted(() -> assertEquals(200, got.size()));
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), stats(queue)));
        assertEquals(200, deliveries.get(), "a message was delivered twice");
    }

    @ParameterizedTest(name = "transacted: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("A bean that throws gets the message again, redelivered (a transacted one's container rolls back;"
            + " a non-transacted one's message is acknowledged only when onMessage returns)")
    void aFailedDeliveryComesAgain(boolean transacted) throws Exception {
        String queue = queue();
        List<Boolean> redelivered = new CopyOnWriteArrayList<>();
        activate(queue, 2, transacted, m -> {
            boolean again = redeliveredOf(m);
            redelivered.add(again);
            if (!again) {
                throw new IllegalStateException("the bean fails the first time");
            }
        });
        send(queue, 1);
        await().untilAsserted(() -> assertEquals(List.of(false, true), redelivered));
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), stats(queue)));
    }

    @ParameterizedTest(name = "transacted: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("A message its bean fails maxDeliveryAttempts times goes to the dead-letter queue, saying where it"
            + " came from, why and after how many attempts; the messages behind it flow")
    void aMessageThatKeepsFailingGoesToTheDeadLetterQueue(boolean transacted) throws Exception {
        String queue = queue();
        String deadLetters = "dlq-" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        Set<String> got = ConcurrentHashMap.newKeySet();
        CairnActivationSpec spec = spec(queue, 1);
        spec.setMaxDeliveryAttempts(3);
        spec.setDeadLetterQueue(deadLetters);
        adapter.endpointActivation(container.endpoints(transacted, m -> {
            if (text(m).startsWith("poison")) {
                attempts.incrementAndGet();
                throw new IllegalStateException("the bean always fails on this one");
            }
            got.add(text(m));
        }), spec);
        send(queue, 1, "poison-");
        send(queue, 1, "fine-");
        try (Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            sender.start();
            Message dead = session.createConsumer(session.createQueue(deadLetters)).receive(20_000);
            assertEquals("poison-0", text(dead));
            assertEquals(queue, dead.getStringProperty("CairnOriginalDestination"));
            assertEquals(3, dead.getIntProperty("CairnDeliveryAttempts"));
            assertTrue(dead.getStringProperty("CairnDeadLetterReason").contains("maxDeliveryAttempts 3"),
                    dead.getStringProperty("CairnDeadLetterReason"));
            assertEquals(DeliveryMode.PERSISTENT, dead.getJMSDeliveryMode());
        }
        assertEquals(3, attempts.get());
        await().untilAsserted(() -> assertEquals(Set.of("fine-0"), got));
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), stats(queue)));
        assertEquals(new DestinationStats(0, 0), stats(deadLetters));
    }

    @Test
    @DisplayName("With maxSession 4, four messages are delivered at once")
    void maxSessionDeliversConcurrently() throws Exception {
        String queue = queue();
        CountDownLatch four = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        activate(queue, 4, true, m -> {
            four.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        send(queue, 8);
        assertTrue(four.await(20, TimeUnit.SECONDS), "fewer than four deliveries ran at once");
        release.countDown();
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), stats(queue)));
    }

    @Test
    @DisplayName("Over tcp://, an activation keeps trying while the node cannot be reached, delivers once it can,"
            + " and again after the node went away and came back")
    void reconnectsOverTheNetwork() throws Exception {
        String queue = queue();
        int port = FreePorts.take("127.0.0.1");
        Set<String> got = ConcurrentHashMap.newKeySet();
        CairnActivationSpec spec = spec(queue, 2);
        spec.setConnectionUrl("tcp://127.0.0.1:" + port);
        spec.setReconnectIntervalMillis(100L);
        adapter.endpointActivation(container.endpoints(true, m -> got.add(text(m))), spec);
        send(queue, 5, "before-");
        FrontEnd frontEnd = FrontEnd.start(Engines.find(broker), FrontEndSettings.plain("127.0.0.1", port, 1 << 20));
        try {
            await().untilAsserted(() -> assertEquals(5, got.size()));
        } finally {
            frontEnd.close();
        }
        send(queue, 5, "while-away-");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(new DestinationStats(5, 0), stats(queue),
                        "delivered with the node's front end closed"));
        frontEnd = FrontEnd.start(Engines.find(broker), FrontEndSettings.plain("127.0.0.1", port, 1 << 20));
        try {
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(10, got.size()));
            await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), stats(queue)));
        } finally {
            frontEnd.close();
        }
    }

    @Test
    @DisplayName("Once the endpoint is deactivated nothing more is delivered; what is sent then waits in the queue")
    void deactivationStopsDelivery() throws Exception {
        String queue = queue();
        AtomicInteger deliveries = new AtomicInteger();
        CairnActivationSpec spec = spec(queue, 2);
        MessageEndpointFactory endpoints = container.endpoints(true, m -> deliveries.incrementAndGet());
        adapter.endpointActivation(endpoints, spec);
        send(queue, 5);
        await().untilAsserted(() -> assertEquals(5, deliveries.get()));
        adapter.endpointDeactivation(endpoints, spec);
        send(queue, 3);
        await().untilAsserted(() -> assertEquals(new DestinationStats(3, 0), stats(queue)));
        assertEquals(5, deliveries.get());
    }

    @Test
    @DisplayName("The server's recovery gets one XA resource per broker, on one connection however often it asks")
    void xaResourcesForRecovery() throws Exception {
        CairnActivationSpec one = spec(queue(), 1);
        CairnActivationSpec two = spec(queue(), 2);
        javax.transaction.xa.XAResource[] first = adapter.getXAResources(new jakarta.resource.spi.ActivationSpec[] {one, two});
        javax.transaction.xa.XAResource[] again = adapter.getXAResources(new jakarta.resource.spi.ActivationSpec[] {one});
        assertEquals(1, first.length, "both specs name the same broker");
        assertTrue(first[0].isSameRM(again[0]), "a second call opened another connection");
        assertEquals(0, first[0].recover(javax.transaction.xa.XAResource.TMSTARTRSCAN).length);
    }

    @Test
    @DisplayName("An activation spec that cannot work is refused with the property it needs")
    void invalidSpecs() {
        CairnActivationSpec noDestination = new CairnActivationSpec();
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, noDestination::validate);
        assertTrue(e.getMessage().contains("destination"), e.getMessage());
        CairnActivationSpec durable = spec("prices", 1);
        durable.setDestinationType("jakarta.jms.Topic");
        durable.setSubscriptionDurability("Durable");
        e = assertThrows(InvalidPropertyException.class, durable::validate);
        assertTrue(e.getMessage().contains("subscriptionName"), e.getMessage());
        CairnActivationSpec negativeAttempts = spec("q", 1);
        negativeAttempts.setMaxDeliveryAttempts(-1);
        e = assertThrows(InvalidPropertyException.class, negativeAttempts::validate);
        assertTrue(e.getMessage().contains("maxDeliveryAttempts"), e.getMessage());
        CairnActivationSpec badType = spec("q", 1);
        badType.setDestinationType("jakarta.jms.Queue2");
        assertThrows(InvalidPropertyException.class, () -> adapter.endpointActivation(
                container.endpoints(false, m -> { }), badType));
    }

    // ------------------------------------------------------------------ helpers

    private void activate(String queue, int maxSession, boolean transacted, Consumer<Message> bean) throws Exception {
        adapter.endpointActivation(container.endpoints(transacted, bean), spec(queue, maxSession));
    }

    private static CairnActivationSpec spec(String queue, int maxSession) {
        CairnActivationSpec spec = new CairnActivationSpec();
        spec.setDestination(queue);
        spec.setMaxSession(maxSession);
        return spec;
    }

    private void send(String queue, int count) throws JMSException {
        send(queue, count, "m");
    }

    private void send(String queue, int count, String prefix) throws JMSException {
        try (Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage(prefix + i));
            }
        }
    }

    private DestinationStats stats(String queue) {
        return Engines.find(broker).stats(DestinationName.queue(queue));
    }

    private static String queue() {
        return "q-" + UUID.randomUUID();
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean redeliveredOf(Message m) {
        try {
            return m.getJMSRedelivered();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
