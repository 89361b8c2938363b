package io.cairnmq.tck.receiving;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 8.7 "Asynchronous delivery": a listener that throws a
 * RuntimeException in AUTO_ACKNOWLEDGE gets its message again at once, marked redelivered; a
 * message that always fails does not take its session from the session's other consumers, and
 * is redelivered through its queue after a few immediate attempts.
 */
@Timeout(60)
class ListenerExceptionTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("8.7 A listener that throws in AUTO_ACKNOWLEDGE gets the same message again at once, before later ones")
    void redeliveredImmediately() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 5; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        List<String> heard = new CopyOnWriteArrayList<>();
        session.createConsumer(queue).setMessageListener(m -> {
            String text = text(m) + (redelivered(m) ? "(again)" : "");
            heard.add(text);
            if (text.equals("m0")) {
                throw new IllegalStateException("first delivery fails on purpose");
            }
        });
        connection.start();
        await().until(() -> heard.size() == 6);
        assertEquals(List.of("m0", "m0(again)", "m1", "m2", "m3", "m4"), heard);
    }

    @Test
    @DisplayName("8.7 A message that always makes its listener throw does not starve the session's other consumers")
    void aPoisonMessageDoesNotTakeTheSession() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue poison = session.createQueue(EmbeddedBroker.uniqueQueue());
        Queue fine = session.createQueue(EmbeddedBroker.uniqueQueue());
        Session sending = BROKER.connection().createSession();
        sending.createProducer(poison).send(sending.createTextMessage("poison"));
        AtomicInteger highestCount = new AtomicInteger();
        session.createConsumer(poison).setMessageListener(m -> {
            try {
                highestCount.accumulateAndGet(m.getIntProperty("JMSXDeliveryCount"), Math::max);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("always fails on purpose");
        });
        CountDownLatch fineHeard = new CountDownLatch(1);
        session.createConsumer(fine).setMessageListener(m -> fineHeard.countDown());
        connection.start();
        // The poison message has gone back through its queue at least once: its count is the
        // queue's, not only this consumer's.
        await().until(() -> highestCount.get() > 2 * 4);
        sending.createProducer(fine).send(sending.createTextMessage("fine"));
        assertTrue(fineHeard.await(10, TimeUnit.SECONDS), "the other consumer of the session was served");
        connection.stop();
    }

    @Test
    @DisplayName("A listener that recovers its session and then throws gets the message once more, not twice")
    void recoverThenThrow() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        Session sending = BROKER.connection().createSession();
        MessageProducer producer = sending.createProducer(queue);
        producer.send(sending.createTextMessage("one"));
        producer.send(sending.createTextMessage("two"));
        List<String> heard = new CopyOnWriteArrayList<>();
        AtomicBoolean first = new AtomicBoolean(true);
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                heard.add(text(m) + "#" + m.getIntProperty("JMSXDeliveryCount"));
                if (first.getAndSet(false)) {
                    session.recover();
                    throw new IllegalStateException("after recover, on purpose");
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();
        // "two" comes after every copy of "one" (the queue keeps their order).
        await().until(() -> heard.contains("two#1") && BROKER.stats(queue.getQueueName()).depth() == 0);
        assertEquals(List.of("one#1", "one#2", "two#1"), heard);
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean redelivered(Message m) {
        try {
            return m.getJMSRedelivered();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
