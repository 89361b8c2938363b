package io.cairnmq.tck.limits;

import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-destination limits (messages, bytes, message size) with the policy chosen per queue or
 * topic: fail the send with ResourceAllocationException, or block the producer until consumers
 * make room (with a timeout). Nothing already accepted is touched. A topic's limits hold for
 * each of its subscriptions, and a publish goes to every subscription or to none.
 */
@Timeout(60)
class DestinationLimitsTest {

    @TempDir
    Path dataDir;
    private final String broker = "limits-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() {
        Engines.shutdown(broker);
    }

    private Connection connect() throws JMSException {
        return connect(null);
    }

    /** A started connection; with a client ID (set first, as JMS requires) for durable subscriptions. */
    private Connection connect(String clientId) throws JMSException {
        CairnConnectionFactory factory = new CairnConnectionFactory("vm://" + broker + "?dataDir=" + dataDir
                + "&queue.small.maxMessages=5&queue.small.limitPolicy=fail"
                + "&queue.held.maxMessages=3&queue.held.limitPolicy=block&queue.held.blockMillis=20000"
                + "&queue.brief.maxMessages=1&queue.brief.limitPolicy=block&queue.brief.blockMillis=300"
                + "&queue.tiny.maxMessageBytes=2048&queue.bytes.maxBytes=64k&queue.bytes.limitPolicy=fail"
                + "&topic.news.maxMessages=5&topic.news.limitPolicy=fail"
                + "&topic.feed.maxMessages=3&topic.feed.limitPolicy=block&topic.feed.blockMillis=20000");
        Connection c = factory.createConnection();
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c;
    }

    @Test
    @DisplayName("A full queue with policy fail refuses the send with ResourceAllocationException and keeps what it has")
    void failWhenFull() throws JMSException {
        try (Connection c = connect()) {
            Session session = c.createSession();
            Queue small = session.createQueue("small");
            MessageProducer producer = session.createProducer(small);
            for (int i = 0; i < 5; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> producer.send(session.createTextMessage("one too many")));
            assertTrue(e.getMessage().contains("maxMessages=5"), e.getMessage());
            MessageConsumer consumer = session.createConsumer(small);
            for (int i = 0; i < 5; i++) {
                assertEquals("m" + i, ((TextMessage) consumer.receive(5_000)).getText());
            }
            consumer.close();
            producer.send(session.createTextMessage("room again"));
        }
    }

    @Test
    @DisplayName("maxBytes limits a queue by size")
    void failPastMaxBytes() throws JMSException {
        try (Connection c = connect()) {
            Session session = c.createSession();
            MessageProducer producer = session.createProducer(session.createQueue("bytes"));
            byte[] body = new byte[10_000];
            assertThrows(ResourceAllocationException.class, () -> {
                for (int i = 0; i < 10; i++) {
                    jakarta.jms.BytesMessage m = session.createBytesMessage();
                    m.writeBytes(body);
                    producer.send(m);
                }
            });
        }
    }

    @Test
    @DisplayName("A full queue with policy block holds the producer until a consumer makes room")
    void blockUntilRoom() throws Exception {
        try (Connection c = connect()) {
            Session session = c.createSession();
            Queue held = session.createQueue("held");
            MessageProducer producer = session.createProducer(held);
            for (int i = 0; i < 3; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            CompletableFuture<Void> fourth = sendBlocked(c, held, "m3");
            MessageConsumer consumer = session.createConsumer(held);
            assertEquals("m0", ((TextMessage) consumer.receive(5_000)).getText());
            fourth.get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 3; i++) {
                assertEquals("m" + i, ((TextMessage) consumer.receive(5_000)).getText());
            }
        }
    }

    @Test
    @DisplayName("A producer blocked longer than blockMillis gets ResourceAllocationException")
    void blockTimesOut() throws JMSException {
        try (Connection c = connect()) {
            Session session = c.createSession();
            MessageProducer producer = session.createProducer(session.createQueue("brief"));
            producer.send(session.createTextMessage("fills it"));
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> producer.send(session.createTextMessage("waits in vain")));
            assertTrue(e.getMessage().contains("blockMillis=300"), e.getMessage());
        }
    }

    @Test
    @DisplayName("A queue's maxMessageBytes refuses larger messages before they are sent")
    void maxMessageSize() throws JMSException {
        try (Connection c = connect()) {
            Session session = c.createSession();
            MessageProducer producer = session.createProducer(session.createQueue("tiny"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            jakarta.jms.BytesMessage big = session.createBytesMessage();
            big.writeBytes(new byte[4096]);
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class, () -> producer.send(big));
            assertTrue(e.getMessage().contains("maxMessageBytes=2048"), e.getMessage());
            producer.send(session.createTextMessage("small is fine"));
        }
    }

    @Test
    @DisplayName("A topic whose slowest subscription is full refuses the publish for every subscription")
    void topicFailsWhenASubscriptionIsFull() throws JMSException {
        try (Connection c = connect("limits")) {
            Session session = c.createSession();
            Topic news = session.createTopic("news");
            session.createDurableSubscriber(news, "slow").close();
            MessageConsumer live = session.createConsumer(news);
            MessageProducer producer = session.createProducer(news);
            for (int i = 0; i < 5; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> producer.send(session.createTextMessage("one too many")));
            assertTrue(e.getMessage().contains("maxMessages=5") && e.getMessage().contains("slow"), e.getMessage());
            for (int i = 0; i < 5; i++) {
                assertEquals("m" + i, ((TextMessage) live.receive(5_000)).getText());
            }
            assertEquals(null, live.receiveNoWait(), "the refused message reached no subscription");
            // Acknowledged explicitly: acknowledge() returns once the subscription has let them go.
            Session acking = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer slow = acking.createDurableSubscriber(news, "slow");
            TextMessage last = null;
            for (int i = 0; i < 5; i++) {
                last = (TextMessage) slow.receive(5_000);
                assertEquals("m" + i, last.getText());
            }
            last.acknowledge();
            producer.send(session.createTextMessage("room again"));
            assertEquals("room again", ((TextMessage) slow.receive(5_000)).getText());
        }
    }

    @Test
    @DisplayName("A topic with policy block holds the publisher until the full subscription makes room")
    void topicBlocksUntilTheSlowSubscriptionMakesRoom() throws Exception {
        try (Connection c = connect("limits")) {
            Session session = c.createSession();
            Topic feed = session.createTopic("feed");
            session.createDurableSubscriber(feed, "slow").close();
            MessageProducer producer = session.createProducer(feed);
            for (int i = 0; i < 3; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            CompletableFuture<Void> fourth = sendBlocked(c, feed, "m3");
            MessageConsumer slow = session.createDurableSubscriber(feed, "slow");
            assertEquals("m0", ((TextMessage) slow.receive(5_000)).getText());
            fourth.get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 3; i++) {
                assertEquals("m" + i, ((TextMessage) slow.receive(5_000)).getText());
            }
        }
    }

    /** Sends from another session and thread; checks the send is still held after a while. */
    private static CompletableFuture<Void> sendBlocked(Connection c, jakarta.jms.Destination to, String text)
            throws JMSException {
        Session sending = c.createSession();
        MessageProducer blocked = sending.createProducer(to);
        CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
            try {
                blocked.send(sending.createTextMessage(text));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> !send.isDone());
        return send;
    }
}
