package io.cairnmq.tck.connection;

import io.cairnmq.tck.EmbeddedBroker;
import io.cairnmq.tck.ParkedCalls;
import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 6.1.5 "Pausing delivery of incoming messages": once
 * {@code stop()} returns, no consumer of the connection is given a message, not even a
 * {@code receive} that was already waiting; its timer runs on; {@code start()} resumes it.
 * Every test starts the wait before the state changes.
 */
@Timeout(60)
class ConnectionStopTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    private final ParkedCalls receivers = new ParkedCalls();

    @org.junit.jupiter.api.AfterEach
    void stopReceivers() throws InterruptedException {
        receivers.close();
    }

    @ParameterizedTest(name = "session mode {0}")
    @ValueSource(ints = {Session.AUTO_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE, Session.CLIENT_ACKNOWLEDGE,
            Session.SESSION_TRANSACTED})
    @DisplayName("6.1.5 A receive waiting when stop() is called is not given what arrives while stopped; its timer runs on")
    void stopHoldsAReceiveAlreadyWaiting(int mode) throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(mode);
        Queue queue = session.createQueue(name);
        MessageConsumer consumer = session.createConsumer(queue);
        Future<Message> waiting = receivers.start(() -> consumer.receive(3_000));

        connection.stop();
        Session sending = BROKER.connection().createSession();
        sending.createProducer(queue).send(sending.createTextMessage("sent while stopped"));
        // The message reaches the stopped consumer (it is leased to it, ahead of demand) ...
        await().until(() -> BROKER.stats(name).leased() == 1);
        // ... but the receive that was waiting runs out its time with nothing.
        assertNull(waiting.get(10, TimeUnit.SECONDS), "a stopped connection delivered a message");
        assertEquals(1, BROKER.stats(name).leased(), "and nothing was acknowledged");

        connection.start();
        Message message = consumer.receive(5_000);
        assertEquals("sent while stopped", ((TextMessage) message).getText());
        assertFalse(message.getJMSRedelivered(), "it is a first delivery");
    }

    @Test
    @DisplayName("6.1.5 A receive without time-out waiting across stop() and start() gets the message only after start()")
    void receiveWithoutTimeoutResumesAfterStart() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(name);
        MessageConsumer consumer = session.createConsumer(queue);
        Future<Message> waiting = receivers.start(() -> consumer.receive());
        connection.stop();
        Session sending = BROKER.connection().createSession();
        sending.createProducer(queue).send(sending.createTextMessage("after start"));
        await().until(() -> BROKER.stats(name).leased() == 1);
        assertFalse(waiting.isDone(), "a stopped connection delivered a message");

        connection.start();
        assertEquals("after start", ((TextMessage) waiting.get(10, TimeUnit.SECONDS)).getText());
        await().until(() -> BROKER.stats(name).depth() == 0);
    }

    @Test
    @DisplayName("6.1.5 receiveNoWait on a stopped connection returns nothing, even with a message at hand")
    void receiveNoWaitWhileStopped() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(name);
        MessageConsumer consumer = session.createConsumer(queue);
        connection.stop();
        Session sending = BROKER.connection().createSession();
        sending.createProducer(queue).send(sending.createTextMessage("at hand"));
        await().until(() -> BROKER.stats(name).leased() == 1);
        assertNull(consumer.receiveNoWait());
        connection.start();
        assertEquals("at hand", ((TextMessage) consumer.receive(5_000)).getText());
    }

    @Test
    @DisplayName("6.1.5 JMSContext.stop() holds a receiveBody already waiting; start() resumes it")
    void stopHoldsAWaitingReceiveBody() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        try (JMSContext context = BROKER.factory().createContext();
             JMSContext sender = BROKER.factory().createContext()) {
            Queue queue = context.createQueue(name);
            JMSConsumer consumer = context.createConsumer(queue);
            Future<String> waiting = receivers.start(() -> consumer.receiveBody(String.class, 3_000));
            context.stop();
            sender.createProducer().send(queue, "held");
            await().until(() -> BROKER.stats(name).leased() == 1);
            assertNull(waiting.get(10, TimeUnit.SECONDS), "a stopped context delivered a message");

            context.start();
            assertEquals("held", consumer.receiveBody(String.class, 5_000));
        }
    }

    @Test
    @DisplayName("6.1.5 A message listener is not called for what arrives after stop() returned, until start()")
    void stopHoldsTheListener() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(name);
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                heard.add(((TextMessage) m).getText());
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.stop();
        Session sending = BROKER.connection().createSession();
        MessageProducer producer = sending.createProducer(queue);
        producer.send(sending.createTextMessage("while stopped"));
        await().until(() -> BROKER.stats(name).leased() == 1);
        // A second message reaches the consumer after the first: had the first been dispatched
        // to the listener, it would have been by now (they take the same path, in order).
        producer.send(sending.createTextMessage("also while stopped"));
        await().until(() -> BROKER.stats(name).leased() == 2);
        assertTrue(heard.isEmpty(), "a stopped connection called its listener");
        connection.start();
        await().until(() -> heard.equals(java.util.List.of("while stopped", "also while stopped")));
    }
}
