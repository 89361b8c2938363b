package io.cairnmq.tck.transactions;

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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        String name = EmbeddedBroker.uniqueQueue();
        Queue queue = tx.createQueue(name);
        MessageProducer producer = tx.createProducer(queue);
        MessageConsumer observer = connection.createSession().createConsumer(queue);

        producer.send(tx.createTextMessage("rolled back"));
        tx.rollback();
        producer.send(tx.createTextMessage("one"));
        producer.send(tx.createTextMessage("two"));
        assertEquals(new DestinationStats(0, 0), BROKER.stats(name), "a send reached the queue before commit");
        tx.commit();
        assertEquals("one", text(observer.receive(5_000)));
        assertEquals("two", text(observer.receive(5_000)));
        // The observer's acknowledgements travel asynchronously; a rolled-back send that had
        // arrived would stay in the queue (ready, or prefetched by the observer).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(name),
                "the rolled-back send arrived after all"));
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

        // The commit acknowledged both before it returned.
        assertEquals(new DestinationStats(0, 0), BROKER.stats(queue.getQueueName()),
                "committed receives are still in the queue");
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
        // Its acknowledgement travels asynchronously; the committed message, had it come back,
        // would stay in the queue (ready, or prefetched by this consumer).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(queue.getQueueName()),
                "a message is left after the rolled-back one was received: the committed one came back"));
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
        // Its acknowledgement travels asynchronously; the send of the closed session, had it
        // arrived, would stay in the queue (ready, or prefetched by this consumer).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(queue.getQueueName()),
                "a message is left after 'kept' was received: the closed session's send arrived"));
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
        // Before the commit peers see neither half: the order is still leased to the
        // transaction, the shipment not sent.
        assertEquals(new DestinationStats(0, 1), BROKER.stats(in.getQueueName()),
                "the received order is not held leased until the commit");
        assertEquals(new DestinationStats(0, 0), BROKER.stats(out.getQueueName()),
                "the send reached its queue before the commit");
        tx.commit();
        assertEquals("shipped order", text(outWatcher.receive(5_000)));
        // The commit acknowledged the order before it returned.
        assertEquals(new DestinationStats(0, 0), BROKER.stats(in.getQueueName()),
                "the committed order is still in its queue");
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

    @Test
    @DisplayName("6.2.8 / 7.4 A producer closed before commit keeps its sends in the transaction; commit stores them")
    void producerClosedBeforeCommit() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session plain = connection.createSession();
        Queue in = plain.createQueue(EmbeddedBroker.uniqueQueue());
        Queue out = plain.createQueue(EmbeddedBroker.uniqueQueue());
        plain.createProducer(in).send(plain.createTextMessage("order"));

        // The shape of Spring's JmsTemplate inside a JmsTransactionManager: a producer per send,
        // closed at once, the commit afterwards.
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        Message order = tx.createConsumer(in).receive(5_000);
        for (String text : new String[] {"one", "two"}) {
            MessageProducer producer = tx.createProducer(out);
            producer.send(tx.createTextMessage(text + " " + text(order)));
            producer.close();
        }
        MessageProducer anonymous = tx.createProducer(null);
        anonymous.send(out, tx.createTextMessage("three"));
        anonymous.close();
        tx.commit();

        MessageConsumer watcher = plain.createConsumer(out);
        assertEquals("one order", text(watcher.receive(5_000)));
        assertEquals("two order", text(watcher.receive(5_000)));
        assertEquals("three", text(watcher.receive(5_000)));
        await().until(() -> BROKER.stats(in.getQueueName()).depth() == 0);
    }

    @Test
    @DisplayName("6.2.8 / 7.4 A producer closed before rollback: its sends are rolled back with the receives")
    void producerClosedBeforeRollback() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session plain = connection.createSession();
        Queue in = plain.createQueue(EmbeddedBroker.uniqueQueue());
        Queue out = plain.createQueue(EmbeddedBroker.uniqueQueue());
        plain.createProducer(in).send(plain.createTextMessage("order"));

        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = tx.createConsumer(in);
        assertEquals("order", text(consumer.receive(5_000)));
        MessageProducer producer = tx.createProducer(out);
        producer.send(tx.createTextMessage("never"));
        producer.close();
        tx.rollback();

        Message again = consumer.receive(5_000);
        assertEquals("order", text(again));
        assertTrue(again.getJMSRedelivered());
        tx.commit();
        assertEquals(0, BROKER.stats(out.getQueueName()).depth(), "the closed producer's send was rolled back");
    }

    @Test
    @DisplayName("6.2.8 A transacted session closed after its producer closed rolls the producer's sends back")
    void sessionClosedAfterItsProducer() throws JMSException {
        Connection connection = BROKER.startedConnection();
        Queue out = connection.createSession().createQueue(EmbeddedBroker.uniqueQueue());
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = tx.createProducer(out);
        producer.send(tx.createTextMessage("dropped"));
        producer.close();
        tx.close();
        Session next = connection.createSession(true, Session.SESSION_TRANSACTED);
        next.createProducer(out).send(next.createTextMessage("kept"));
        next.commit();
        MessageConsumer watcher = connection.createSession().createConsumer(out);
        assertEquals("kept", text(watcher.receive(5_000)));
        await().until(() -> BROKER.stats(out.getQueueName()).depth() == 0);
    }

    @Test
    @DisplayName("6.2.15 Closing a transacted session closes its durable subscriber, rolled back, so unsubscribe works at once")
    void sessionCloseReleasesTheDurableSubscription() throws JMSException {
        String clientId = "tx-durable-" + java.util.UUID.randomUUID();
        jakarta.jms.Topic topic;
        Connection connection = BROKER.factory().createConnection();
        try {
            connection.setClientID(clientId);
            connection.start();
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            topic = tx.createTopic(EmbeddedBroker.unique("t"));
            jakarta.jms.TopicSubscriber subscriber = tx.createDurableSubscriber(topic, "sub");
            Session plain = connection.createSession();
            plain.createProducer(topic).send(plain.createTextMessage("uncommitted receive"));
            assertEquals("uncommitted receive", text(subscriber.receive(5_000)));
            tx.close();
            plain.unsubscribe("sub");

            // And the same when the connection closes instead of the session.
            Session tx2 = connection.createSession(true, Session.SESSION_TRANSACTED);
            jakarta.jms.TopicSubscriber again = tx2.createDurableSubscriber(topic, "sub2");
            plain.createProducer(topic).send(plain.createTextMessage("another"));
            assertEquals("another", text(again.receive(5_000)));
        } finally {
            connection.close();
        }
        Connection reopened = BROKER.factory().createConnection();
        try {
            reopened.setClientID(clientId);
            reopened.createSession().unsubscribe("sub2");
        } finally {
            reopened.close();
        }
    }

    @Test
    @DisplayName("8.8 A durable subscriber closed in an open transaction is no longer active: it can be subscribed again, and unsubscribed once nothing is pending")
    void closedDurableSubscriberIsNotActive() throws JMSException {
        Connection connection = BROKER.factory().createConnection();
        try {
            connection.setClientID("tx-closed-" + java.util.UUID.randomUUID());
            connection.start();
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            jakarta.jms.Topic topic = tx.createTopic(EmbeddedBroker.unique("t"));
            // Closed with nothing delivered: another session may delete the subscription at once.
            tx.createDurableSubscriber(topic, "idle").close();
            Session plain = connection.createSession();
            plain.unsubscribe("idle");

            // Closed with an uncommitted receive: the same session subscribes again before commit.
            jakarta.jms.TopicSubscriber first = tx.createDurableSubscriber(topic, "busy");
            plain.createProducer(topic).send(plain.createTextMessage("one"));
            plain.createProducer(topic).send(plain.createTextMessage("two"));
            assertEquals("one", text(first.receive(5_000)));
            first.close();
            jakarta.jms.TopicSubscriber second = tx.createDurableSubscriber(topic, "busy");
            assertEquals("two", text(second.receive(5_000)));
            assertThrows(jakarta.jms.IllegalStateException.class, () -> plain.unsubscribe("busy"),
                    "an active consumer and pending receives keep it");
            tx.commit();
            second.close();
            plain.unsubscribe("busy");
        } finally {
            connection.close();
        }
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }
}
