package io.cairnmq.samples.frameworks;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring's {@link JmsTemplate} inside a {@link JmsTransactionManager} transaction moves a message
 * from one queue to another atomically. The template opens and closes a consumer and a producer
 * for each call on the session the transaction manager bound to the thread, so the commit comes
 * after the producer that sent has been closed: its send must still be part of the transaction.
 */
@Timeout(60)
class SpringJmsTemplateTransactionTest {

    @TempDir
    static Path dataDir;
    private static EmbeddedTestBroker broker;

    private final String source = EmbeddedTestBroker.unique("spring-tx-source");
    private final String target = EmbeddedTestBroker.unique("spring-tx-target");

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedTestBroker("spring-tx", dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A committed transaction takes the message from the source queue and puts it on the target")
    void commitMovesTheMessage() throws JMSException {
        broker.send(source, "order 1");

        transactions().executeWithoutResult(status -> moveOne());

        assertEquals(0, broker.depth(source), "messages left on the source queue");
        assertEquals(1, broker.depth(target), "messages on the target queue");
        Message moved = broker.receive(target);
        assertNotNull(moved);
        assertEquals("order 1", ((TextMessage) moved).getText());
    }

    @Test
    @DisplayName("A transaction that fails after its send rolls back: the message stays on the source, redelivered, and the target gets nothing")
    void failureAfterTheSendRollsBack() throws JMSException {
        broker.send(source, "order 2");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> transactions().executeWithoutResult(status -> {
                    moveOne();
                    throw new IllegalStateException("the work after the send failed");
                }));
        assertEquals("the work after the send failed", failure.getMessage(), "the rollback did not replace the failure");

        assertEquals(1, broker.depth(source), "messages on the source queue");
        assertEquals(0, broker.depth(target), "messages on the target queue");
        Message again = broker.receive(source);
        assertNotNull(again);
        assertEquals("order 2", ((TextMessage) again).getText());
        assertTrue(again.getJMSRedelivered(), "a message whose transaction rolled back comes again marked redelivered");
    }

    @Test
    @DisplayName("The first delivery of a message, before any transaction touched it, is not marked redelivered")
    void firstDeliveryIsNotRedelivered() throws JMSException {
        broker.send(source, "order 3");
        Message first = broker.receive(source);
        assertNotNull(first);
        assertFalse(first.getJMSRedelivered());
    }

    private void moveOne() {
        JmsTemplate jms = template();
        Object body = jms.receiveAndConvert(source);
        assertNotNull(body, "nothing to move from " + source);
        jms.convertAndSend(target, body);
    }

    /** A transaction manager on the plain factory: each transaction has a connection of its own. */
    private static TransactionTemplate transactions() {
        return new TransactionTemplate(new JmsTransactionManager(broker.factory()));
    }

    private static JmsTemplate template() {
        JmsTemplate jms = new JmsTemplate(broker.factory());
        jms.setSessionTransacted(true);
        jms.setReceiveTimeout(10_000);
        return jms;
    }
}
