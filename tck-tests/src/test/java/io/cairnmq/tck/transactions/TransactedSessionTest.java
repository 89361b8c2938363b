package io.cairnmq.tck.transactions;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, section 6.2.8 "Transactions": local transactions of a session. */
@Timeout(30)
class TransactedSessionTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("6.2.8 Sends are invisible until commit; a rolled-back send never arrives")
    void sendsWaitForCommit() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        assertTrue(tx.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, tx.getAcknowledgeMode());
        Queue queue = tx.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = tx.createProducer(queue);
        MessageConsumer observer = connection.createSession().createConsumer(queue);

        producer.send(tx.createTextMessage("rolled back"));
        tx.rollback();
        producer.send(tx.createTextMessage("one"));
        producer.send(tx.createTextMessage("two"));
        assertNull(observer.receive(200), "nothing before commit");
        tx.commit();
        assertEquals("one", text(observer.receive(5_000)));
        assertEquals("two", text(observer.receive(5_000)));
        assertNull(observer.receive(200), "the rolled-back send never arrives");
    }

    @Test
    @DisplayName("6.2.8 Received messages come back redelivered on rollback and are gone after commit")
    void receivesFollowTheTransaction() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session plain = connection.createSession();
        Queue queue = plain.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = plain.createProducer(queue);
        producer.send(plain.createTextMessage("a"));
        producer.send(plain.createTextMessage("b"));

        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = tx.createConsumer(queue);
        assertEquals("a", text(consumer.receive(5_000)));
        assertEquals("b", text(consumer.receive(5_000)));
        tx.rollback();
        Message again = consumer.receive(5_000);
        assertEquals("a", text(again));
        assertTrue(again.getJMSRedelivered());
        assertEquals("b", text(consumer.receive(5_000)));
        tx.commit();
        tx.close();

        MessageConsumer after = connection.createSession().createConsumer(queue);
        assertNull(after.receive(200), "committed receives are gone");
    }

    @Test
    @DisplayName("8.6 A consumer closed inside a transaction leaves its messages to the commit or rollback")
    void closedConsumerStaysInTheTransaction() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session plain = connection.createSession();
        Queue queue = plain.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = plain.createProducer(queue);
        producer.send(plain.createTextMessage("committed"));
        producer.send(plain.createTextMessage("rolled back"));

        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer first = tx.createConsumer(queue);
        assertEquals("committed", text(first.receive(5_000)));
        first.close();
        tx.commit();

        MessageConsumer second = tx.createConsumer(queue);
        assertEquals("rolled back", text(second.receive(5_000)));
        second.close();
        tx.rollback();

        MessageConsumer after = plain.createConsumer(queue);
        Message back = after.receive(5_000);
        assertEquals("rolled back", text(back), "the committed message is gone, the rolled-back one is back");
        assertTrue(back.getJMSRedelivered());
        assertNull(after.receive(200));
    }

    @Test
    @DisplayName("6.2.8 Closing a transacted session rolls it back")
    void closeRollsBack() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session plain = connection.createSession();
        Queue queue = plain.createQueue(EmbeddedBroker.uniqueQueue());
        plain.createProducer(queue).send(plain.createTextMessage("kept"));

        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        assertEquals("kept", text(tx.createConsumer(queue).receive(5_000)));
        tx.createProducer(queue).send(tx.createTextMessage("dropped"));
        tx.close();

        MessageConsumer after = connection.createSession().createConsumer(queue);
        Message back = after.receive(5_000);
        assertEquals("kept", text(back));
        assertTrue(back.getJMSRedelivered());
        assertNull(after.receive(200));
    }

    @Test
    @DisplayName("6.2.8 A transacted session moves messages from one queue to another atomically as seen by peers")
    void consumeAndProduceInOneTransaction() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session plain = connection.createSession();
        Queue in = plain.createQueue(EmbeddedBroker.uniqueQueue());
        Queue out = plain.createQueue(EmbeddedBroker.uniqueQueue());
        plain.createProducer(in).send(plain.createTextMessage("order"));

        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        TextMessage order = (TextMessage) tx.createConsumer(in).receive(5_000);
        tx.createProducer(out).send(tx.createTextMessage("shipped " + order.getText()));
        MessageConsumer outWatcher = plain.createConsumer(out);
        assertNull(outWatcher.receive(200));
        tx.commit();
        assertEquals("shipped order", text(outWatcher.receive(5_000)));
        assertNull(plain.createConsumer(in).receive(200));
    }

    @Test
    @DisplayName("recover is not for transacted sessions; commit and rollback are only for them")
    void wrongOperations() throws JMSException {
        Connection connection = BROKER.connection();
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        assertThrows(jakarta.jms.IllegalStateException.class, tx::recover);
        Session plain = connection.createSession();
        assertThrows(jakarta.jms.IllegalStateException.class, plain::rollback);
        assertFalse(plain.getTransacted());
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }
}
