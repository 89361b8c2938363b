package io.cairnmq.tck.cluster;

import io.cairnmq.tck.EmbeddedBroker;
import io.cairnmq.tck.ThreeMemberBroker;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topics, shared subscriptions and temporary destinations across three members of one broker. */
@Timeout(120)
class ClusterMessagingTest {

    @RegisterExtension
    static final ThreeMemberBroker CLUSTER = new ThreeMemberBroker();

    @Test
    @DisplayName("6.11.3 Consumers of one shared subscription on three members divide its messages, each once")
    void sharedSubscriptionAcrossMembers() throws JMSException {
        Session[] sessions = new Session[ThreeMemberBroker.MEMBERS];
        MessageConsumer[] consumers = new MessageConsumer[ThreeMemberBroker.MEMBERS];
        Topic topic = null;
        for (int i = 0; i < ThreeMemberBroker.MEMBERS; i++) {
            sessions[i] = CLUSTER.startedConnection(i).createSession();
            topic = topic == null ? sessions[i].createTopic(EmbeddedBroker.unique("t")) : topic;
            consumers[i] = sessions[i].createSharedDurableConsumer(topic, "cluster-work");
        }
        MessageConsumer privateSubscriber = sessions[2].createConsumer(topic);
        MessageProducer publisher = sessions[0].createProducer(topic);
        for (int i = 0; i < 600; i++) {
            publisher.send(sessions[0].createTextMessage("m" + i));
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (MessageConsumer consumer : consumers) {
            TextMessage m;
            while ((m = (TextMessage) consumer.receive(1_500)) != null) {
                assertTrue(seen.add(m.getText()), "delivered twice: " + m.getText());
                total++;
            }
        }
        assertEquals(600, total);
        for (int i = 0; i < 600; i++) {
            assertEquals("m" + i, ((TextMessage) privateSubscriber.receive(5_000)).getText());
        }
        for (MessageConsumer consumer : consumers) {
            consumer.close();
        }
        sessions[1].unsubscribe("cluster-work");
    }

    @Test
    @DisplayName("6.12 A reply sent from another member reaches a temporary queue")
    void temporaryQueueAcrossMembers() throws JMSException {
        Session requester = CLUSTER.startedConnection(0).createSession();
        Session responder = CLUSTER.startedConnection(2).createSession();
        TemporaryQueue replies = requester.createTemporaryQueue();
        Queue requests = requester.createQueue(EmbeddedBroker.uniqueQueue());
        MessageConsumer replyConsumer = requester.createConsumer(replies);
        MessageConsumer requestConsumer = responder.createConsumer(requests);
        for (int i = 0; i < 20; i++) {
            TextMessage request = requester.createTextMessage("q" + i);
            request.setJMSReplyTo(replies);
            requester.createProducer(requests).send(request);
            TextMessage received = (TextMessage) requestConsumer.receive(5_000);
            responder.createProducer(received.getJMSReplyTo())
                    .send(responder.createTextMessage("a" + received.getText().substring(1)));
            assertEquals("a" + i, ((TextMessage) replyConsumer.receive(5_000)).getText());
        }
        assertNull(replyConsumer.receiveNoWait());
    }

    @Test
    @DisplayName("6.11.1 A subscriber on one member gets what publishers on the other members publish, in order")
    void topicAcrossMembers() throws JMSException {
        Session subscriberSession = CLUSTER.startedConnection(1).createSession();
        Topic topic = subscriberSession.createTopic(EmbeddedBroker.unique("t"));
        MessageConsumer subscriber = subscriberSession.createConsumer(topic);
        Session publisher0 = CLUSTER.startedConnection(0).createSession();
        Session publisher2 = CLUSTER.startedConnection(2).createSession();
        MessageProducer p0 = publisher0.createProducer(topic);
        MessageProducer p2 = publisher2.createProducer(topic);
        for (int i = 0; i < 100; i++) {
            p0.send(publisher0.createTextMessage("zero-" + i));
            p2.send(publisher2.createTextMessage("two-" + i));
        }
        int nextZero = 0;
        int nextTwo = 0;
        for (int i = 0; i < 200; i++) {
            String text = ((TextMessage) subscriber.receive(5_000)).getText();
            if (text.startsWith("zero-")) {
                assertEquals("zero-" + nextZero++, text);
            } else {
                assertEquals("two-" + nextTwo++, text);
            }
        }
        assertEquals(100, nextZero);
        assertEquals(100, nextTwo);
    }
}
