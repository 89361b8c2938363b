package io.cairnmq.tck.sending;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, chapter 7 "Sending messages", and the headers a send sets (3.4). */
@Timeout(30)
class ProducerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("3.4.11 How message header values are set: send sets them on the message and they arrive")
    void sendSetsTheHeaders() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        TextMessage sent = session.createTextMessage("headers");
        long before = System.currentTimeMillis();
        producer.send(sent, DeliveryMode.NON_PERSISTENT, 7, 60_000);
        long after = System.currentTimeMillis();

        assertTrue(sent.getJMSMessageID().startsWith("ID:"), "3.4.3 JMSMessageID starts with ID:");
        assertEquals(queue, sent.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, sent.getJMSDeliveryMode());
        assertEquals(7, sent.getJMSPriority());
        assertTrue(sent.getJMSTimestamp() >= before && sent.getJMSTimestamp() <= after);
        assertEquals(sent.getJMSTimestamp() + 60_000, sent.getJMSExpiration());

        Message got = session.createConsumer(queue).receive(5_000);
        assertEquals(sent.getJMSMessageID(), got.getJMSMessageID());
        assertEquals(sent.getJMSTimestamp(), got.getJMSTimestamp());
        assertEquals(sent.getJMSExpiration(), got.getJMSExpiration());
        assertEquals(queue, got.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, got.getJMSDeliveryMode());
        assertEquals(7, got.getJMSPriority());
        assertEquals(1, got.getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    @DisplayName("3.4.3 JMSMessageID is unique; 7.x disableMessageID and disableMessageTimestamp")
    void idsAreUniqueAndCanBeDisabled() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        Message a = session.createMessage();
        Message b = session.createMessage();
        producer.send(a);
        producer.send(b);
        assertNotEquals(a.getJMSMessageID(), b.getJMSMessageID());

        producer.setDisableMessageID(true);
        producer.setDisableMessageTimestamp(true);
        Message quiet = session.createMessage();
        producer.send(quiet);
        assertNull(quiet.getJMSMessageID());
        assertEquals(0, quiet.getJMSTimestamp());

        MessageConsumer consumer = session.createConsumer(queue);
        consumer.receive(5_000);
        consumer.receive(5_000);
        Message got = consumer.receive(5_000);
        assertNull(got.getJMSMessageID());
        assertEquals(0, got.getJMSTimestamp());
    }

    @Test
    @DisplayName("7.1 A producer with a destination refuses another; one without needs one per send")
    void destinationRules() throws JMSException {
        Session session = BROKER.connection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer bound = session.createProducer(queue);
        assertThrows(UnsupportedOperationException.class, () -> bound.send(queue, session.createMessage()));
        MessageProducer anonymous = session.createProducer(null);
        assertThrows(UnsupportedOperationException.class, () -> anonymous.send(session.createMessage()));
        assertThrows(InvalidDestinationException.class, () -> anonymous.send(null, session.createMessage()));
        anonymous.send(queue, session.createTextMessage("fine"));
    }

    @Test
    @DisplayName("3.4.2, 3.4.10: bad delivery modes and priorities are refused")
    void badSettingsAreRefused() throws JMSException {
        Session session = BROKER.connection().createSession();
        MessageProducer producer = session.createProducer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        assertThrows(JMSException.class, () -> producer.setPriority(10));
        assertThrows(JMSException.class, () -> producer.setDeliveryMode(0));
        assertThrows(JMSException.class, () -> producer.send(session.createMessage(), DeliveryMode.PERSISTENT, -1, 0));
        assertEquals(4, producer.getPriority());
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode());
        producer.close();
        producer.close();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> producer.send(session.createMessage()));
    }
}
