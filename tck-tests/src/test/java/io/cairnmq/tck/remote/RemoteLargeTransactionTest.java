package io.cairnmq.tck.remote;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.Engine;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction larger than one frame goes to the node in parts ahead of its commit, within what
 * the node lets a connection hold ({@code maxTransactionBytes}); beyond that it is rolled back,
 * and what was sent ahead is dropped.
 */
@Timeout(120)
class RemoteLargeTransactionTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final int MAX_TRANSACTION = 256 * 1024;
    private static final int BODY = 2048;
    private static OneNode node;
    private static Engine engine;

    @BeforeAll
    static void startNode() throws IOException {
        node = OneNode.start("large-tx", MAX_FRAME, settings -> settings.withMaxTransactionBytes(MAX_TRANSACTION));
        engine = node.engine();
    }

    @AfterAll
    static void stopNode() throws IOException {
        node.close();
    }

    private static Connection connect() throws JMSException {
        return node.factory("").createConnection();
    }

    @Test
    void aTransactionOfManyFramesCommitsWhole() throws JMSException {
        int count = 100; // about 200 KiB: four frames' worth, within the node's allowance
        try (Connection connection = connect()) {
            connection.start();
            Session sending = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = sending.createQueue("large-" + UUID.randomUUID());
            MessageProducer producer = sending.createProducer(queue);
            for (int i = 0; i < count; i++) {
                producer.send(message(sending, i));
            }
            sending.commit();
            assertEquals(count, engine.stats(DestinationName.queue(queue.getQueueName())).ready());

            Session receiving = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = receiving.createConsumer(queue);
            for (int i = 0; i < count; i++) {
                BytesMessage received = (BytesMessage) consumer.receive(10_000);
                assertNotNull(received, "message " + i);
                assertEquals(i, received.getIntProperty("i"));
                assertEquals(BODY, received.getBodyLength());
            }
            receiving.commit();
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void aTransactionBeyondTheNodesAllowanceIsRolledBackAndCostsNothing() throws JMSException {
        try (Connection connection = connect()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = session.createQueue("too-large-" + UUID.randomUUID());
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 300; i++) { // about 600 KiB
                producer.send(message(session, i));
            }
            TransactionRolledBackException refused = assertThrows(TransactionRolledBackException.class, session::commit);
            assertTrue(refused.getMessage().contains("maxTransactionBytes"), refused.getMessage());
            assertEquals(0, engine.stats(DestinationName.queue(queue.getQueueName())).depth());

            // What went ahead was dropped: the connection's whole allowance is there for the next one.
            for (int i = 0; i < 100; i++) {
                producer.send(message(session, i));
            }
            session.commit();
            assertEquals(100, engine.stats(DestinationName.queue(queue.getQueueName())).ready());
        }
    }

    private static BytesMessage message(Session session, int i) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(new byte[BODY]);
        message.setIntProperty("i", i);
        return message;
    }
}
