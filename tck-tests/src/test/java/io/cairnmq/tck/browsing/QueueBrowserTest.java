package io.cairnmq.tck.browsing;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jakarta Messaging 3.1, section 4.6 / 8.4 "QueueBrowser". */
@Timeout(60)
class QueueBrowserTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("4.6 A browser shows the queue's messages in delivery order and consumes none")
    void browsesInDeliveryOrderWithoutConsuming() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("low"), DeliveryMode.PERSISTENT, 1, 0);
        producer.send(session.createTextMessage("high"), DeliveryMode.PERSISTENT, 8, 0);
        producer.send(session.createTextMessage("normal"), DeliveryMode.PERSISTENT, 4, 0);

        QueueBrowser browser = session.createBrowser(queue);
        assertEquals(queue, browser.getQueue());
        assertEquals(List.of("high", "normal", "low"), texts(browser.getEnumeration()));
        assertEquals(List.of("high", "normal", "low"), texts(browser.getEnumeration()), "a second walk sees the same");
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals("high", ((TextMessage) consumer.receive(5_000)).getText());
        consumer.close();
        assertEquals(List.of("normal", "low"), texts(session.createBrowser(queue).getEnumeration()),
                "a consumed message is gone from the browse");
    }

    @Test
    @DisplayName("4.6 / 3.8 A browser with a selector shows only the messages it selects")
    void browsesWithSelector() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 6; i++) {
            Message m = session.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            producer.send(m);
        }
        QueueBrowser browser = session.createBrowser(queue, "n >= 2 AND n < 5");
        assertEquals("n >= 2 AND n < 5", browser.getMessageSelector());
        assertEquals(List.of("m2", "m3", "m4"), texts(browser.getEnumeration()));
        assertEquals(6, texts(session.createBrowser(queue).getEnumeration()).size());
    }

    @Test
    @DisplayName("4.6 A browser walks a deep queue page by page and sees every message once")
    void browsesADeepQueue() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < 5_000; i++) {
            Message m = session.createMessage();
            m.setIntProperty("n", i);
            producer.send(m);
        }
        Enumeration<?> e = session.createBrowser(queue).getEnumeration();
        int expected = 0;
        while (e.hasMoreElements()) {
            assertEquals(expected++, ((Message) e.nextElement()).getIntProperty("n"));
        }
        assertEquals(5_000, expected);
        assertThrows(NoSuchElementException.class, e::nextElement);
    }

    @Test
    @DisplayName("4.6 / 3.8 A bad selector fails browser creation; a closed browser refuses use")
    void badSelectorAndClosedBrowser() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        assertThrows(InvalidSelectorException.class, () -> session.createBrowser(queue, "n >"));
        QueueBrowser browser = session.createBrowser(queue);
        browser.close();
        assertThrows(IllegalStateException.class, browser::getEnumeration);
        try (JMSContext context = BROKER.factory().createContext()) {
            context.createProducer().send(queue, "simplified");
            assertEquals(List.of("simplified"), texts(context.createBrowser(queue).getEnumeration()));
            assertFalse(context.createBrowser(queue, "JMSPriority > 8").getEnumeration().hasMoreElements());
        }
    }

    private static List<String> texts(Enumeration<?> e) throws JMSException {
        List<String> texts = new ArrayList<>();
        while (e.hasMoreElements()) {
            texts.add(((TextMessage) e.nextElement()).getText());
        }
        return texts;
    }
}
