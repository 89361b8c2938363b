package io.cairnmq.tck.connection;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Collections;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, chapter 6 "Connecting to a JMS provider": connections. */
@Timeout(30)
class ConnectionTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("6.1.5 Pausing delivery: a stopped connection delivers nothing; start resumes")
    void startAndStopGateDelivery() throws JMSException {
        Connection connection = BROKER.connection();
        Session session = connection.createSession();
        String name = EmbeddedBroker.uniqueQueue();
        Queue queue = session.createQueue(name);
        session.createProducer(queue).send(session.createTextMessage("held"));
        MessageConsumer consumer = session.createConsumer(queue);
        // The message reaches the consumer (it is leased to it, ahead of demand) although the
        // connection was never started: the receives that follow have it at hand, and still
        // return nothing, which is what is tested.
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 1), BROKER.stats(name),
                "the message never reached the stopped consumer"));
        assertNull(consumer.receive(200), "a new connection is stopped");
        assertNull(consumer.receiveNoWait());
        assertEquals(new DestinationStats(0, 1), BROKER.stats(name),
                "the stopped consumer no longer holds the message: it was acknowledged or given back");
        connection.start();
        assertNotNull(consumer.receive(5_000));
        connection.stop();
        session.createProducer(queue).send(session.createTextMessage("after stop"));
        // The first message's acknowledgement and the second's lease both travel asynchronously.
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 1), BROKER.stats(name),
                "the first message was not acknowledged, or the second did not reach the stopped consumer"));
        assertNull(consumer.receive(200), "a stopped connection delivered a message");
        assertEquals(new DestinationStats(0, 1), BROKER.stats(name),
                "the stopped consumer no longer holds the message: it was acknowledged or given back");
        connection.start();
        assertNotNull(consumer.receive(5_000));
    }

    @Test
    @DisplayName("6.1.8 Closing a connection: close is idempotent and a closed connection refuses use")
    void closeIsIdempotentAndFinal() throws JMSException {
        Connection connection = BROKER.connection();
        Session session = connection.createSession();
        connection.close();
        connection.close();
        assertThrows(IllegalStateException.class, connection::createSession);
        assertThrows(IllegalStateException.class, connection::start);
        assertThrows(IllegalStateException.class, () -> session.createQueue("q"), "its sessions are closed too");
    }

    @Test
    @DisplayName("6.1.2 Client identifier: set once, before the connection is used")
    void clientIdIsSetOnceBeforeUse() throws JMSException {
        Connection fresh = BROKER.connection();
        fresh.setClientID("client-a");
        assertEquals("client-a", fresh.getClientID());
        assertThrows(IllegalStateException.class, () -> fresh.setClientID("client-b"));

        Connection used = BROKER.connection();
        used.createSession().close();
        assertThrows(IllegalStateException.class, () -> used.setClientID("late"));
    }

    @Test
    @DisplayName("6.1.3 ConnectionMetaData: API version 3.1 and the JMSX properties supported")
    void metaData() throws JMSException {
        ConnectionMetaData meta = BROKER.connection().getMetaData();
        assertEquals(3, meta.getJMSMajorVersion());
        assertEquals(1, meta.getJMSMinorVersion());
        assertEquals("CairnMQ", meta.getJMSProviderName());
        assertTrue(Collections.list(meta.getJMSXPropertyNames()).contains("JMSXDeliveryCount"));
    }

    @Test
    @DisplayName("6.2 Sessions: unsupported session modes fail loudly, closed sessions refuse use")
    void sessionModes() throws JMSException {
        Connection connection = BROKER.connection();
        assertEquals(Session.AUTO_ACKNOWLEDGE, connection.createSession().getAcknowledgeMode());
        assertEquals(Session.DUPS_OK_ACKNOWLEDGE,
                connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode());
        assertThrows(JMSException.class, () -> connection.createSession(false, 99));
        Session session = connection.createSession();
        session.close();
        session.close();
        assertThrows(IllegalStateException.class, session::createTextMessage);
    }
}
