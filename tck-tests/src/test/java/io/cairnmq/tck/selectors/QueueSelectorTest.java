package io.cairnmq.tck.selectors;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.tck.EmbeddedBroker;
import io.cairnmq.tck.ParkedCalls;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, section 3.8 "Message selection", on queue consumers. */
@Timeout(60)
class QueueSelectorTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("3.8.1 A consumer receives only the messages its selector matches; the rest stay for others")
    void selectsAndLeavesTheRest() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 10; i++) {
            Message m = session.createTextMessage("m" + i);
            m.setStringProperty("color", i % 2 == 0 ? "red" : "blue");
            m.setIntProperty("n", i);
            producer.send(m);
        }
        MessageConsumer red = session.createConsumer(queue, "color = 'red' AND n >= 4");
        assertEquals("color = 'red' AND n >= 4", red.getMessageSelector());
        assertEquals(List.of("m4", "m6", "m8"), texts(red, 3));
        // red's acknowledgements travel asynchronously; a message it does not select, had it
        // been given one, would be leased to it rather than ready for others.
        await().untilAsserted(() -> assertEquals(new DestinationStats(7, 0), BROKER.stats(queue.getQueueName()),
                "the seven messages red does not select are not all waiting for other consumers"));
        red.close();
        MessageConsumer all = session.createConsumer(queue);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m5", "m7", "m9"), texts(all, 7));
    }

    @Test
    @DisplayName("3.8.1.1 Headers in selectors: JMSPriority, JMSType, JMSDeliveryMode, JMSCorrelationID, JMSMessageID")
    void headersInSelectors() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        TextMessage plain = session.createTextMessage("plain");
        producer.send(plain, DeliveryMode.NON_PERSISTENT, 2, 0);
        TextMessage special = session.createTextMessage("special");
        special.setJMSType("order");
        special.setJMSCorrelationID("c-1");
        producer.send(special, DeliveryMode.PERSISTENT, 7, 0);
        String id = special.getJMSMessageID();

        MessageConsumer consumer = session.createConsumer(queue, "JMSPriority > 5 AND JMSType = 'order'"
                + " AND JMSDeliveryMode = 'PERSISTENT' AND JMSCorrelationID = 'c-1' AND JMSMessageID = '" + id + "'");
        assertEquals("special", ((TextMessage) consumer.receive(5_000)).getText());
        consumer.close();
        MessageConsumer rest = session.createConsumer(queue, "JMSDeliveryMode = 'NON_PERSISTENT'");
        assertEquals("plain", ((TextMessage) rest.receive(5_000)).getText());
    }

    @Test
    @DisplayName("3.8.1 A waiting consumer is woken only by a message it selects")
    void waitingConsumerGetsLaterMatches() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageConsumer consumer = session.createConsumer(queue, "kind = 'wanted'");
        // Sent from a session of its own: the consumer's session belongs to the waiting thread.
        Session sending = BROKER.connection().createSession();
        MessageProducer producer = sending.createProducer(queue);
        try (ParkedCalls receivers = new ParkedCalls()) {
            // The receive waits on the empty queue before anything is sent.
            Future<Message> waiting = receivers.start(() -> consumer.receive(10_000));
            for (int i = 0; i < 5; i++) {
                Message other = sending.createMessage();
                other.setStringProperty("kind", "other");
                producer.send(other);
            }
            Message wanted = sending.createTextMessage("yes");
            wanted.setStringProperty("kind", "wanted");
            producer.send(wanted);
            Message got = waiting.get(15, TimeUnit.SECONDS);
            assertNotNull(got, "the waiting receive was not woken by the message it selects");
            assertEquals("yes", ((TextMessage) got).getText());
        }
        // The acknowledgement travels asynchronously; a message the consumer does not select,
        // had it been given one, would be leased to it rather than ready for others.
        await().untilAsserted(() -> assertEquals(new DestinationStats(5, 0), BROKER.stats(queue.getQueueName()),
                "the five messages the consumer does not select are not all waiting for other consumers"));
    }

    @Test
    @DisplayName("3.8.1 A rare match behind a deep backlog of non-matching messages arrives promptly")
    void noStallBehindNonMatchingMessages() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < 20_000; i++) {
            Message m = session.createMessage();
            m.setBooleanProperty("rare", i % 1_000 == 999);
            m.setIntProperty("n", i);
            producer.send(m);
        }
        MessageConsumer rare = session.createConsumer(queue, "rare");
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seen.add(rare.receive(10_000).getIntProperty("n"));
        }
        assertEquals(999, seen.get(0));
        assertEquals(19_999, seen.get(19));
        // rare's acknowledgements travel asynchronously; a message it does not select, had it
        // been given one, would be leased to it rather than ready for others.
        await().untilAsserted(() -> assertEquals(new DestinationStats(19_980, 0), BROKER.stats(queue.getQueueName()),
                "the 19,980 messages rare does not select are not all waiting for other consumers"));
        MessageConsumer everyone = session.createConsumer(queue);
        int others = 0;
        while (everyone.receive(2_000) != null) {
            others++;
        }
        assertEquals(19_980, others);
    }

    @Test
    @DisplayName("3.8.1 / 9.1 A bad selector fails at consumer creation with InvalidSelectorException saying where")
    void badSelector() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        InvalidSelectorException e = assertThrows(InvalidSelectorException.class,
                () -> session.createConsumer(queue, "color = 'red' AND"));
        assertTrue(e.getMessage().contains("at position"), e.getMessage());
        try (JMSContext context = BROKER.factory().createContext()) {
            assertThrows(InvalidSelectorRuntimeException.class, () -> context.createConsumer(queue, "n >"));
        }
    }

    @Test
    @DisplayName("3.8.1 An empty selector selects everything")
    void emptySelector() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        session.createProducer(queue).send(session.createTextMessage("x"));
        MessageConsumer consumer = session.createConsumer(queue, "");
        assertNull(consumer.getMessageSelector());
        assertEquals("x", ((TextMessage) consumer.receive(5_000)).getText());
    }

    private static List<String> texts(MessageConsumer consumer, int n) throws JMSException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            texts.add(((TextMessage) consumer.receive(5_000)).getText());
        }
        return texts;
    }
}
