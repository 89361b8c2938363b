package io.cairnmq.tck.policies;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
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
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queues set up as exclusive (one consumer at a time, the next taking over when it closes) and
 * as last-value queues (only the newest waiting message per value of a property), by pattern.
 */
@Timeout(60)
class QueueKindsTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker(Map.of(
            "queue.single.>.exclusive", "true",
            "queue.prices.>.lastValueKey", "symbol"));

    @Test
    @DisplayName("An exclusive queue delivers to one consumer; when its connection closes the next gets the rest, the unacknowledged first")
    void exclusiveQueueFailsOverWhenItsConsumersConnectionCloses() throws Exception {
        Connection first = BROKER.startedConnection();
        Session firstSession = first.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = firstSession.createQueue("single." + UUID.randomUUID());
        MessageConsumer one = firstSession.createConsumer(queue);
        assertNull(one.receive(200), "the first consumer asks first: the queue is its own");
        Session secondSession = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer two = secondSession.createConsumer(queue);
        send(firstSession, queue, 20);
        Message last = null;
        for (int i = 0; i < 10; i++) {
            last = one.receive(5000);
            assertEquals("m" + i, text(last), "in order, all to the first consumer");
        }
        last.acknowledge();
        assertEquals("m10", text(one.receive(5000)));
        assertNull(two.receive(300), "the second consumer gets nothing while the first is there");

        first.close();
        Message again = two.receive(5000);
        assertEquals("m10", text(again), "what the first left unacknowledged comes first");
        assertTrue(again.getJMSRedelivered());
        assertEquals(range(11, 20), receiveAll(two));
    }

    @Test
    @DisplayName("An exclusive queue passes to the next consumer when its consumer is closed")
    void exclusiveQueuePassesOnWhenItsConsumerCloses() throws Exception {
        Session firstSession = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = firstSession.createQueue("single." + UUID.randomUUID());
        MessageConsumer one = firstSession.createConsumer(queue);
        assertNull(one.receive(200));
        MessageConsumer two = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createConsumer(queue);
        send(firstSession, queue, 10);
        for (int i = 0; i < 4; i++) {
            assertEquals("m" + i, text(one.receive(5000)));
        }
        assertNull(two.receive(300));
        one.close();
        assertEquals(range(4, 10), receiveAll(two));
    }

    private static void send(Session session, Queue queue, int count) throws JMSException {
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
    }

    private static List<String> receiveAll(MessageConsumer consumer) throws JMSException {
        List<String> texts = new ArrayList<>();
        for (Message m = consumer.receive(5000); m != null; m = consumer.receive(500)) {
            texts.add(text(m));
        }
        return texts;
    }

    private static List<String> range(int from, int to) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            texts.add("m" + i);
        }
        return texts;
    }

    @Test
    @DisplayName("A last-value queue keeps only the newest waiting message per value")
    void lastValueQueueKeepsTheNewest() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = "prices." + UUID.randomUUID();
        Queue queue = session.createQueue(name);
        MessageProducer producer = session.createProducer(queue);
        String[][] updates = {{"AAA", "10"}, {"BBB", "20"}, {"AAA", "11"}, {"AAA", "12"}, {"BBB", "21"}};
        for (String[] update : updates) {
            TextMessage m = session.createTextMessage(update[0] + "=" + update[1]);
            m.setStringProperty("symbol", update[0]);
            producer.send(m);
        }
        producer.send(session.createTextMessage("no symbol"));
        assertEquals(3, BROKER.stats(name).depth());
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals(List.of("AAA=12", "BBB=21", "no symbol"), receiveAll(consumer));
    }

    private static String text(Message m) throws JMSException {
        assertTrue(m != null, "no message");
        return ((TextMessage) m).getText();
    }
}
