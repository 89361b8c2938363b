package io.cairnmq.tck.receiving;

import io.cairnmq.tck.EmbeddedBroker;
import io.cairnmq.tck.ParkedCalls;
import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No receive waits for ever once nothing can end it: sections 6.1.8 "Closing a connection",
 * 6.2.15 "Closing a session" and 8.8 "Closing a consumer" say a receive in progress returns
 * null when its connection, session or consumer is closed; frameworks also interrupt their
 * threads to stop them. Every test starts the receive before the state changes.
 */
@Timeout(60)
class ReceiveEndsTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    private final ParkedCalls receivers = new ParkedCalls();

    @AfterEach
    void stopReceivers() throws InterruptedException {
        receivers.close();
    }

    @Test
    @DisplayName("6.2.15 Closing a session ends a receive in progress with null")
    void sessionClose() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        Future<Message> waiting = receivers.start(consumer::receive);
        session.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("6.2.15 Closing a transacted session ends a receive in progress with null")
    void transactedSessionClose() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        Future<Message> waiting = receivers.start(() -> consumer.receive(0));
        session.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("6.1.8 Closing a connection ends a receive in progress with null, a stopped one's too")
    void connectionClose() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        Future<Message> waiting = receivers.start(consumer::receive);
        connection.stop();
        connection.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("8.8 Closing a JMSConsumer ends a receiveBody in progress with null")
    void jmsConsumerClose() throws Exception {
        try (JMSContext context = BROKER.factory().createContext()) {
            JMSConsumer consumer = context.createConsumer(context.createQueue(EmbeddedBroker.uniqueQueue()));
            Future<String> waiting = receivers.start(() -> consumer.receiveBody(String.class));
            consumer.close();
            assertNull(waiting.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @DisplayName("Closing a JMSContext ends a receive in progress with null")
    void contextClose() throws Exception {
        JMSContext context = BROKER.factory().createContext();
        JMSConsumer consumer = context.createConsumer(context.createQueue(EmbeddedBroker.uniqueQueue()));
        Future<Message> waiting = receivers.start(consumer::receive);
        context.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("8.8 Closing a consumer ends a receive in progress with null, in CLIENT_ACKNOWLEDGE too")
    void consumerCloseInClientAcknowledge() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        Future<Message> waiting = receivers.start(consumer::receive);
        consumer.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("6.2.15 Closing a session ends a receive waiting on a connection never started")
    void sessionCloseOnAStoppedConnection() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        Future<Message> waiting = receivers.start(consumer::receive);
        session.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("An interrupted receive returns null and leaves the thread's interrupt status set")
    void interrupt() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageConsumer consumer = session.createConsumer(queue);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        AtomicReference<Thread> receiving = new AtomicReference<>();
        Future<Message> waiting = receivers.start(() -> {
            Message m = consumer.receive();
            stillInterrupted.set(Thread.currentThread().isInterrupted());
            return m;
        }, receiving);
        receiving.get().interrupt();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
        assertTrue(stillInterrupted.get(), "the interrupt is left for the caller to see");
        // The consumer still works for the next caller.
        Session sending = BROKER.connection().createSession();
        sending.createProducer(queue).send(sending.createTextMessage("next"));
        assertEquals("next", ((jakarta.jms.TextMessage) consumer.receive(5_000)).getText());
    }

    @Test
    @DisplayName("An interrupted receive of a stopped connection returns null")
    void interruptWhileStopped() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        connection.stop();
        AtomicReference<Thread> receiving = new AtomicReference<>();
        Future<Message> waiting = receivers.start(consumer::receive, receiving);
        receiving.get().interrupt();
        assertNull(waiting.get(10, TimeUnit.SECONDS));
    }
}
