package io.cairnmq.tck.sending;

import io.cairnmq.tck.EmbeddedBroker;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 7.9 "Delivery delay": a message is not delivered before its delivery time. */
@Timeout(30)
class DeliveryDelayTest {

    private static final long DELAY = 600;

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("7.9 A delayed message is held until its JMSDeliveryTime; others pass it meanwhile")
    void delayedMessagesWaitForTheirTime() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageConsumer consumer = session.createConsumer(queue);
        assertNull(consumer.receiveNoWait(), "the consumer now waits on the empty queue");

        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(DELAY);
        Message delayed = session.createTextMessage("later");
        producer.send(delayed);
        assertEquals(delayed.getJMSTimestamp() + DELAY, delayed.getJMSDeliveryTime());
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("now"));

        assertEquals("now", ((TextMessage) consumer.receive(5_000)).getText());
        assertNull(consumer.receiveNoWait(), "the delayed message is not due yet");
        TextMessage later = (TextMessage) consumer.receive(5_000);
        long arrived = System.currentTimeMillis();
        assertEquals("later", later.getText());
        assertTrue(arrived >= delayed.getJMSDeliveryTime(), "not delivered before its delivery time");
        assertEquals(delayed.getJMSDeliveryTime(), later.getJMSDeliveryTime());
    }

    @Test
    @DisplayName("7.9 A negative delivery delay is refused")
    void negativeDelay() throws JMSException {
        Session session = BROKER.connection().createSession();
        MessageProducer producer = session.createProducer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        assertThrows(JMSException.class, () -> producer.setDeliveryDelay(-1));
        assertEquals(0, producer.getDeliveryDelay());
    }
}
