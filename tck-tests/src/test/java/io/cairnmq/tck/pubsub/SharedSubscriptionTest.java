package io.cairnmq.tck.pubsub;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, section 6.11.3 "Shared subscriptions" (JMS 2.0). */
@Timeout(60)
class SharedSubscriptionTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("6.11.3 Consumers of a shared subscription on different connections divide its messages")
    void consumersDivideTheMessages() throws JMSException {
        Session one = BROKER.startedConnection().createSession();
        Session two = BROKER.startedConnection().createSession();
        Topic topic = one.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer a = one.createSharedConsumer(topic, "work");
        MessageConsumer b = two.createSharedConsumer(topic, "work");
        MessageConsumer everything = one.createConsumer(topic);
        MessageProducer publisher = one.createProducer(topic);
        for (int i = 0; i < 200; i++) {
            publisher.send(one.createTextMessage("m" + i));
        }
        Set<String> seen = new HashSet<>();
        int fromA = drain(a, seen);
        int fromB = drain(b, seen);
        assertEquals(200, fromA + fromB, "each message once over the shared subscription");
        assertTrue(fromA > 0, "consumer a received none of the 200 messages: b took them all, they were not divided");
        assertTrue(fromB > 0, "consumer b received none of the 200 messages: a took them all, they were not divided");
        assertEquals(200, seen.size());
        assertEquals(200, drain(everything, new HashSet<>()), "another subscription gets its own copy");
    }

    @Test
    @DisplayName("6.11.3 A shared non-durable subscription is deleted when its last consumer closes")
    void nonDurableSharedEndsWithLastConsumer() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        String name = EmbeddedBroker.unique("t");
        Topic topic = session.createTopic(name);
        MessageConsumer a = session.createSharedConsumer(topic, "transient");
        MessageConsumer b = session.createSharedConsumer(topic, "transient");
        MessageProducer publisher = session.createProducer(topic);
        a.close();
        publisher.send(session.createTextMessage("b is still there"));
        assertEquals("b is still there", ((TextMessage) b.receive(5_000)).getText());
        b.close();
        publisher.send(session.createTextMessage("nobody"));
        MessageConsumer c = session.createSharedConsumer(topic, "transient");
        // c's subscription is the topic's only one: had the old one (with "nobody") lived on,
        // its message would be held, ready or prefetched by c.
        assertEquals(new DestinationStats(0, 0), BROKER.topicStats(name), "the subscription was not recreated empty");
    }

    @Test
    @DisplayName("6.11.3 A shared durable subscription keeps its messages with no consumer; selectors apply")
    void sharedDurable() {
        try (JMSContext context = BROKER.factory().createContext()) {
            String name = EmbeddedBroker.unique("t");
            Topic topic = context.createTopic(name);
            JMSConsumer consumer = context.createSharedDurableConsumer(topic, "kept", "keep = TRUE");
            consumer.close();
            context.createProducer().setProperty("keep", true).send(topic, "kept while away");
            context.createProducer().setProperty("keep", false).send(topic, "filtered out");
            JMSConsumer back = context.createSharedDurableConsumer(topic, "kept", "keep = TRUE");
            assertEquals("kept while away", back.receiveBody(String.class, 5_000));
            // The acknowledgement travels asynchronously; the message the selector rejects,
            // had the subscription taken it, would stay held (ready, or prefetched by back).
            await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(name),
                    "the subscription holds a message its selector rejects"));
            back.close();
            context.unsubscribe("kept");
        }
    }

    private static int drain(MessageConsumer consumer, Set<String> seen) throws JMSException {
        int n = 0;
        TextMessage m;
        while ((m = (TextMessage) consumer.receive(1_000)) != null) {
            assertTrue(seen.add(m.getText()), "delivered twice: " + m.getText());
            n++;
        }
        return n;
    }
}
