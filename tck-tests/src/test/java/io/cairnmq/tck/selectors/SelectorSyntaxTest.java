package io.cairnmq.tck.selectors;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Jakarta Messaging 3.1, section 3.8.1.1 "Message selector syntax": exact numeric literals use
 * Java's integer literal syntax, approximate ones Java's floating-point literal syntax; reserved
 * words are not identifiers; comparing values of unlike types is false, and where both types are
 * known when the selector is given, it is refused then. Each selector is tried on one message
 * through a browser, which evaluates it where the message is stored.
 */
@Timeout(60)
class SelectorSyntaxTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    private static Connection connection;
    private static Session session;
    private static Queue queue;

    @BeforeAll
    static void oneMessage() throws JMSException {
        connection = BROKER.factory().createConnection();
        session = connection.createSession();
        queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        Message m = session.createMessage();
        m.setIntProperty("n", 29);
        m.setLongProperty("smallest", Long.MIN_VALUE);
        m.setLongProperty("largest", Long.MAX_VALUE);
        m.setDoubleProperty("d", -57_900.0);
        m.setFloatProperty("f", 1.1f);
        m.setStringProperty("s", "2");
        m.setBooleanProperty("yes", true);
        producer.send(m);
    }

    @ParameterizedTest(name = "[{0}] selects the message")
    @ValueSource(strings = {
            // exact literals: Java integer literal syntax, in the range of a long
            "n = 29", "n = 29L", "n = 29l", "n = 0x1d", "n = 0X1D", "n = 035", "n = 0b11101", "n = 2_9",
            "n = +29", "-n = -29", "smallest = -9223372036854775808", "smallest = -9223372036854775808L",
            "smallest = 0x8000000000000000L", "largest = 9223372036854775807", "largest = 0x7fffffffffffffffL",
            "largest = 0777777777777777777777L",
            // approximate literals: Java floating-point literal syntax, in the range of a double
            "n = 29.", "n = 29.0", "n = 2.9E1", "n = 290e-1", "d = -57.9E3", "d = -57900.", "n = 29d",
            "n = 29.0D", "f = 1.1f", "f = 1.1F", "n = 0x1.dp4", "d < 7000.", "n > .5",
            // unlike types compare false (not unknown), so their negation is true
            "NOT (s = 2)", "NOT (s > 1)", "s NOT IN ('1', '3') AND NOT (n IN ('29'))", "n NOT LIKE '2%'",
            "NOT (yes = 1)",
            // whitespace of Java: tab, form feed, line terminators
            "n\t=\f29\r\n",
    })
    void selects(String selector) throws JMSException {
        assertEquals(1, browse(selector), selector);
    }

    @ParameterizedTest(name = "[{0}] does not select the message")
    @ValueSource(strings = {
            "s = 2", "s > 1", "n = '29'", "yes = 1", "n IN ('29')", "n LIKE '29'",
            "s BETWEEN 1 AND 3", "s NOT BETWEEN 1 AND 3", "n = 0x1e", "n = 29.5",
    })
    void doesNotSelect(String selector) throws JMSException {
        assertEquals(0, browse(selector), selector);
    }

    @ParameterizedTest(name = "[{0}] is an InvalidSelectorException")
    @ValueSource(strings = {
            // reserved words are not identifiers
            "NOT = 0", "AND = 0", "OR = 0", "BETWEEN = 0", "LIKE = 0", "IN = 0", "IS = 0", "ESCAPE = 0",
            "NULL = 0", "null IS NULL",
            // unlike literal types, known when the selector is given
            "TRUE = 0", "FALSE = 0", "0 = FALSE", "TRUE <> 1", "'1' = 1", "1.5 = 'a'", "'a' = TRUE",
            "n + 1 = 'x'", "(n + 1) = TRUE",
            // literals outside Java's syntax or range
            "n = 09", "n = 0x", "n = 0b2", "n = 29LL", "n = 2__9_", "n = 29_", "n = 0x1.d", "n = 1e", "n = 1e400",
            "n = 9223372036854775808", "n = 0x10000000000000000L", "n = 3.4e39f", "n = 29 L",
            "n = 29\u2028",
    })
    void refused(String selector) {
        assertThrows(InvalidSelectorException.class, () -> session.createBrowser(queue, selector), selector);
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(queue, selector), selector);
    }

    @AfterAll
    static void closeConnection() throws JMSException {
        connection.close();
    }

    private static int browse(String selector) throws JMSException {
        try (QueueBrowser browser = session.createBrowser(queue, selector)) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
