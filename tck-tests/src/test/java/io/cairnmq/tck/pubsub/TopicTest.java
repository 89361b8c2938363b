package io.cairnmq.tck.pubsub;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, section 4.2 / 6.11 "Topics" and non-durable subscriptions. */
@Timeout(60)
class TopicTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("6.11.1 Every subscriber receives every message published after it subscribed, in order")
    void everySubscriberGetsEveryMessage() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        MessageProducer publisher = session.createProducer(topic);
        publisher.send(session.createTextMessage("before anyone listened"));
        List<MessageConsumer> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subscribers.add(session.createConsumer(topic));
        }
        for (int i = 0; i < 100; i++) {
            publisher.send(session.createTextMessage("m" + i));
        }
        for (MessageConsumer subscriber : subscribers) {
            for (int i = 0; i < 100; i++) {
                TextMessage m = (TextMessage) subscriber.receive(5_000);
                assertEquals("m" + i, m.getText());
                assertEquals(topic, m.getJMSDestination());
            }
        }
        // The acknowledgements travel asynchronously; a message beyond the hundred (the one
        // published before anyone subscribed, say) would stay held by its subscription.
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "a subscription holds more than the 100 messages published after it subscribed"));
    }

    @Test
    @DisplayName("6.11.1 A non-durable subscription ends with its consumer: messages published meanwhile are lost to it")
    void nonDurableEndsWithConsumer() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        MessageProducer publisher = session.createProducer(topic);
        MessageConsumer first = session.createConsumer(topic);
        publisher.send(session.createTextMessage("one"));
        assertEquals("one", ((TextMessage) first.receive(5_000)).getText());
        first.close();
        publisher.send(session.createTextMessage("while nobody listens"));
        MessageConsumer second = session.createConsumer(topic);
        publisher.send(session.createTextMessage("two"));
        assertEquals("two", ((TextMessage) second.receive(5_000)).getText());
        // second's subscription is the topic's only one; its acknowledgement travels
        // asynchronously. The message published while nobody listened, had it been kept for
        // second, would stay held (ready, or prefetched by second).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "a message published while nobody listened was kept for a later subscriber"));
    }

    @Test
    @DisplayName("3.8 / 6.11 A subscriber's selector decides which messages its subscription takes")
    void selectorOnASubscription() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer red = session.createConsumer(topic, "color = 'red'");
        MessageConsumer all = session.createConsumer(topic);
        MessageProducer publisher = session.createProducer(topic);
        for (String color : List.of("red", "blue", "red")) {
            Message m = session.createTextMessage(color);
            m.setStringProperty("color", color);
            publisher.send(m);
        }
        assertEquals("red", ((TextMessage) red.receive(5_000)).getText());
        assertEquals("red", ((TextMessage) red.receive(5_000)).getText());
        for (String color : List.of("red", "blue", "red")) {
            assertEquals(color, ((TextMessage) all.receive(5_000)).getText());
        }
        // Both subscriptions are emptied once the acknowledgements (asynchronous) arrive: the
        // blue message, had red's subscription taken it, would stay held there.
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "a message is left in a subscription: the selector's took one it does not select"));
    }

    @Test
    @DisplayName("6.11.4 noLocal: messages published on the subscriber's own connection are not delivered to it")
    void noLocal() throws JMSException {
        Connection own = BROKER.startedConnection();
        Connection other = BROKER.startedConnection();
        Session ownSession = own.createSession();
        Topic topic = ownSession.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer noLocal = ownSession.createConsumer(topic, null, true);
        MessageConsumer everything = ownSession.createConsumer(topic, null, false);
        ownSession.createProducer(topic).send(ownSession.createTextMessage("mine"));
        Session otherSession = other.createSession();
        otherSession.createProducer(topic).send(otherSession.createTextMessage("theirs"));
        assertEquals("theirs", ((TextMessage) noLocal.receive(5_000)).getText());
        assertEquals("mine", ((TextMessage) everything.receive(5_000)).getText());
        assertEquals("theirs", ((TextMessage) everything.receive(5_000)).getText());
        // Both subscriptions are emptied once the acknowledgements (asynchronous) arrive: the
        // connection's own message, had the noLocal subscription taken it, would stay held there.
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(topic.getTopicName()),
                "a message is left in a subscription: the noLocal one took its own connection's"));
    }

    @Test
    @DisplayName("4.2 The pub/sub domain interfaces: TopicConnection, TopicSession, TopicPublisher, TopicSubscriber")
    void domainInterfaces() throws JMSException {
        TopicConnection connection = BROKER.factory().createTopicConnection();
        try {
            connection.start();
            TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
            TopicSubscriber subscriber = session.createSubscriber(topic);
            assertEquals(topic, subscriber.getTopic());
            assertFalse(subscriber.getNoLocal());
            TopicPublisher publisher = session.createPublisher(topic);
            assertEquals(topic, publisher.getTopic());
            publisher.publish(session.createTextMessage("published"), DeliveryMode.NON_PERSISTENT, 4, 0);
            assertEquals("published", ((TextMessage) subscriber.receive(5_000)).getText());
        } finally {
            connection.close();
        }
    }

    @Test
    @DisplayName("8.7 A message listener on a topic subscription")
    void listener() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
        List<String> got = new CopyOnWriteArrayList<>();
        session.createConsumer(topic).setMessageListener(m -> {
            try {
                got.add(((TextMessage) m).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        Session publishing = BROKER.startedConnection().createSession();
        MessageProducer publisher = publishing.createProducer(topic);
        for (int i = 0; i < 50; i++) {
            publisher.send(publishing.createTextMessage("m" + i));
        }
        await().until(() -> got.size() == 50);
        for (int i = 0; i < 50; i++) {
            assertEquals("m" + i, got.get(i));
        }
    }

    @Test
    @DisplayName("Simplified API: JMSContext topics, createConsumer with noLocal, receiveBody")
    void simplifiedApi() {
        try (JMSContext context = BROKER.factory().createContext()) {
            String name = EmbeddedBroker.unique("t");
            Topic topic = context.createTopic(name);
            JMSConsumer subscriber = context.createConsumer(topic);
            context.createProducer().send(topic, "hello");
            assertEquals("hello", subscriber.receiveBody(String.class, 5_000));
            JMSConsumer notOwn = context.createConsumer(topic, null, true);
            context.createProducer().send(topic, "own");
            assertTrue(subscriber.receiveBody(String.class, 5_000).equals("own"));
            // Both subscriptions are emptied once the acknowledgements (asynchronous) arrive: the
            // context's own message, had notOwn's subscription taken it, would stay held there.
            await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.topicStats(name),
                    "a message is left in a subscription: the noLocal one took its own context's"));
        }
    }
}
