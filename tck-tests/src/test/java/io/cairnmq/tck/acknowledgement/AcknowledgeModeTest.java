package io.cairnmq.tck.acknowledgement;

import io.cairnmq.engine.api.DestinationStats;
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
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, section 6.2.10 "Message acknowledgment" and 6.2.11 recover. */
@Timeout(30)
class AcknowledgeModeTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: unacknowledged messages come back after the connection closes")
    void unacknowledgedMessagesComeBack() throws JMSException {
        Queue queue = fill(3);
        Connection first = BROKER.startedConnection();
        MessageConsumer consumer = first.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(queue);
        assertEquals("m0", text(consumer.receive(5_000)));
        assertEquals("m1", text(consumer.receive(5_000)));
        first.close();

        MessageConsumer again = BROKER.startedConnection().createSession(false, Session.CLIENT_ACKNOWLEDGE)
                .createConsumer(queue);
        Message m0 = again.receive(5_000);
        assertEquals("m0", text(m0));
        assertTrue(m0.getJMSRedelivered());
        assertEquals("m1", text(again.receive(5_000)));
        Message m2 = again.receive(5_000);
        assertEquals("m2", text(m2));
        assertFalse(m2.getJMSRedelivered(), "m2 was prefetched, never delivered");
    }

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: acknowledge() covers every message the session consumed")
    void acknowledgeCoversTheSession() throws JMSException {
        Queue queue = fill(3);
        Connection first = BROKER.startedConnection();
        MessageConsumer consumer = first.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(queue);
        Message m0 = consumer.receive(5_000);
        consumer.receive(5_000);
        m0.acknowledge();
        first.close();

        MessageConsumer next = BROKER.startedConnection().createSession().createConsumer(queue);
        Message left = next.receive(5_000);
        assertEquals("m2", text(left), "m0 and m1 were acknowledged together");
        // m2's acknowledgement travels asynchronously; m1, had acknowledge() left it out, would
        // be back in the queue (ready, or prefetched by next).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(queue.getQueueName()),
                "a message is left after m2: acknowledge() did not cover every message the session consumed"));
    }

    @Test
    @DisplayName("6.2.11 recover: delivery restarts with the oldest unacknowledged message, in order, redelivered")
    void recoverRedeliversInOrder() throws JMSException {
        Queue queue = fill(4);
        Session session = BROKER.startedConnection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(queue);
        Message m0 = consumer.receive(5_000);
        m0.acknowledge();
        assertEquals("m1", text(consumer.receive(5_000)));
        assertEquals("m2", text(consumer.receive(5_000)));
        session.recover();
        Message m1 = consumer.receive(5_000);
        assertEquals("m1", text(m1));
        assertTrue(m1.getJMSRedelivered());
        assertEquals(2, m1.getIntProperty("JMSXDeliveryCount"));
        assertEquals("m2", text(consumer.receive(5_000)));
        Message m3 = consumer.receive(5_000);
        assertEquals("m3", text(m3));
        assertFalse(m3.getJMSRedelivered());
    }

    @Test
    @DisplayName("8.7 CLIENT_ACKNOWLEDGE: a listener that throws gets the next message, not the same one")
    void clientAckListenerExceptionMovesOn() throws JMSException {
        Queue queue = fill(2);
        Connection connection = BROKER.connection();
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        session.createConsumer(queue).setMessageListener(m -> {
            seen.add(text(m));
            throw new IllegalStateException("fails on purpose");
        });
        connection.start();
        await().until(() -> seen.size() == 2);
        assertEquals(List.of("m0", "m1"), seen);
    }

    @Test
    @DisplayName("6.2.10 In AUTO_ACKNOWLEDGE, acknowledge() does nothing; recover is allowed")
    void autoAcknowledgeIgnoresAcknowledge() throws JMSException {
        Queue queue = fill(1);
        Session session = BROKER.startedConnection().createSession();
        Message m = session.createConsumer(queue).receive(5_000);
        m.acknowledge();
        session.recover();
        assertThrows(jakarta.jms.IllegalStateException.class, session::commit);
    }

    private static Queue fill(int count) throws JMSException {
        Session session = BROKER.connection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        return queue;
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
