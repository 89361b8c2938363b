package io.cairnmq.tck.pubsub;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, section 6.11.2 / 6.11.4 "Durable subscriptions" and unsubscribe. */
@Timeout(60)
class DurableSubscriptionTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    private static Connection withClientId(String clientId) throws JMSException {
        Connection c = BROKER.connection();
        c.setClientID(clientId);
        c.start();
        return c;
    }

    @Test
    @DisplayName("6.11.2 A durable subscription keeps the messages published while its consumer is away")
    void survivesItsConsumer() throws JMSException {
        String clientId = EmbeddedBroker.unique("client");
        Connection first = withClientId(clientId);
        Session session = first.createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        TopicSubscriber durable = session.createDurableSubscriber(topic, "audit");
        MessageProducer publisher = session.createProducer(topic);
        publisher.send(session.createTextMessage("one"));
        assertEquals("one", ((TextMessage) durable.receive(5_000)).getText());
        durable.close();
        publisher.send(session.createTextMessage("while away 1"));
        publisher.send(session.createTextMessage("while away 2"));
        first.close();

        Session again = withClientId(clientId).createSession();
        MessageConsumer back = again.createDurableConsumer(topic, "audit");
        assertEquals("while away 1", ((TextMessage) back.receive(5_000)).getText());
        assertEquals("while away 2", ((TextMessage) back.receive(5_000)).getText());
        // The acknowledgements travel asynchronously; any further message would stay held by
        // the subscription (ready, or prefetched by back).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "the subscription holds more than the two messages published while its consumer was away"));
        back.close();
        again.unsubscribe("audit");
    }

    @Test
    @DisplayName("6.11.2 An unshared durable subscription has at most one active consumer")
    void oneActiveConsumer() throws JMSException {
        Session session = withClientId(EmbeddedBroker.unique("client")).createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer active = session.createDurableConsumer(topic, "single");
        JMSException e = assertThrows(JMSException.class, () -> session.createDurableConsumer(topic, "single"));
        assertTrue(e.getMessage().contains("active consumer"), e.getMessage());
        active.close();
        session.createDurableConsumer(topic, "single").close();
        session.unsubscribe("single");
    }

    @Test
    @DisplayName("6.11.2 Another selector or topic replaces an unused durable subscription, dropping its messages")
    void changingSelectorOrTopicReplaces() throws JMSException {
        Session session = withClientId(EmbeddedBroker.unique("client")).createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        Topic otherTopic = session.createTopic(EmbeddedBroker.unique("t"));
        session.createDurableSubscriber(topic, "changing").close();
        MessageProducer publisher = session.createProducer(null);
        Message kept = session.createTextMessage("old subscription's message");
        kept.setIntProperty("n", 1);
        publisher.send(topic, kept);

        MessageConsumer withSelector = session.createDurableSubscriber(topic, "changing", "n = 2", false);
        // The replacement is the topic's only subscription, so its counts are the topic's.
        assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "the old subscription's message survived its replacement");
        Message two = session.createTextMessage("two");
        two.setIntProperty("n", 2);
        publisher.send(topic, kept);
        publisher.send(topic, two);
        assertEquals("two", ((TextMessage) withSelector.receive(5_000)).getText());
        withSelector.close();

        MessageConsumer moved = session.createDurableSubscriber(otherTopic, "changing");
        publisher.send(topic, session.createTextMessage("to the old topic"));
        publisher.send(otherTopic, session.createTextMessage("to the new topic"));
        assertEquals("to the new topic", ((TextMessage) moved.receive(5_000)).getText());
        // The old topic has no subscription left, so what was published to it was dropped.
        assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "the subscription still takes the old topic's messages");
        // The acknowledgement travels asynchronously.
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0),
                BROKER.topicStats(otherTopic.getTopicName()),
                "the moved subscription holds more than its one message"));
        JMSException inUse = assertThrows(JMSException.class,
                () -> session.createDurableSubscriber(topic, "changing", "n = 3", false));
        assertTrue(inUse.getMessage().contains("changing"), inUse.getMessage());
        moved.close();
        session.unsubscribe("changing");
    }

    @Test
    @DisplayName("6.11.4 unsubscribe: refused with an active consumer, unknown names are InvalidDestinationException")
    void unsubscribeRules() throws JMSException {
        Session session = withClientId(EmbeddedBroker.unique("client")).createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer consumer = session.createDurableConsumer(topic, "busy");
        assertThrows(IllegalStateException.class, () -> session.unsubscribe("busy"));
        consumer.close();
        session.unsubscribe("busy");
        assertThrows(InvalidDestinationException.class, () -> session.unsubscribe("busy"));
        assertThrows(InvalidDestinationException.class, () -> session.unsubscribe("never-existed"));
    }

    @Test
    @DisplayName("6.11.4 unsubscribe is refused while a message from it is unacknowledged in a transaction")
    void unsubscribeWithPendingTransaction() throws JMSException {
        Connection connection = withClientId(EmbeddedBroker.unique("client"));
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        Topic topic = transacted.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer consumer = transacted.createDurableConsumer(topic, "pending");
        Session plain = connection.createSession();
        plain.createProducer(topic).send(plain.createTextMessage("in a transaction"));
        assertEquals("in a transaction", ((TextMessage) consumer.receive(5_000)).getText());
        consumer.close();
        assertThrows(IllegalStateException.class, () -> plain.unsubscribe("pending"));
        transacted.commit();
        plain.unsubscribe("pending");
    }

    @Test
    @DisplayName("6.11.2 An unshared durable subscription needs a client ID")
    void needsClientId() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        assertThrows(IllegalStateException.class, () -> session.createDurableSubscriber(topic, "no-client-id"));
        try (JMSContext context = BROKER.factory().createContext()) {
            assertThrows(IllegalStateRuntimeException.class, () -> context.createDurableConsumer(topic, "x"));
        }
    }

    @Test
    @DisplayName("6.11.3 Shared and unshared durable subscriptions may not share a name and client ID")
    void sharedAndUnsharedNamesConflict() throws JMSException {
        Session session = withClientId(EmbeddedBroker.unique("client")).createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        session.createDurableConsumer(topic, "name").close();
        JMSException e = assertThrows(JMSException.class, () -> session.createSharedDurableConsumer(topic, "name"));
        assertTrue(e.getMessage().contains("unshared durable"), e.getMessage());
        // A shared non-durable subscription lives in its own name space.
        session.createSharedConsumer(topic, "name").close();
        session.unsubscribe("name");
    }
}
