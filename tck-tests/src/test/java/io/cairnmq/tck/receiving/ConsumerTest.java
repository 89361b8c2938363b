package io.cairnmq.tck.receiving;

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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, chapter 8 "Receiving messages", on queues. */
@Timeout(30)
class ConsumerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("8.2 Synchronous delivery: receive, receive(timeout) and receiveNoWait")
    void synchronousReceives() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        String name = EmbeddedBroker.uniqueQueue();
        Queue queue = session.createQueue(name);
        MessageConsumer consumer = session.createConsumer(queue);
        // Returning null when nothing is there is what is tested here; the queue is known empty.
        assertNull(consumer.receiveNoWait());
        assertNull(consumer.receive(100));
        assertEquals(new DestinationStats(0, 0), BROKER.stats(name),
                "the queue is not empty: the nulls above prove nothing");
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("one"));
        producer.send(session.createTextMessage("two"));
        assertEquals("one", ((TextMessage) consumer.receive()).getText());
        assertEquals("two", ((TextMessage) consumer.receive(5_000)).getText());
    }

    @Test
    @DisplayName("6.2.9 Message order: messages of one producer arrive in the order sent")
    void orderOfOneProducer() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 2_000; i++) {
            Message m = session.createMessage();
            m.setIntProperty("n", i);
            producer.send(m, i % 2 == 0 ? jakarta.jms.DeliveryMode.PERSISTENT : jakarta.jms.DeliveryMode.NON_PERSISTENT,
                    4, 0);
        }
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(i, consumer.receive(5_000).getIntProperty("n"));
        }
    }

    @Test
    @DisplayName("3.4.10 JMSPriority: higher priority is delivered first")
    void priorityOrder() throws JMSException {
        Connection connection = BROKER.connection();
        Session session = connection.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        int[] priorities = {1, 8, 4, 8, 0};
        for (int i = 0; i < priorities.length; i++) {
            producer.send(session.createTextMessage("p" + priorities[i] + "#" + i), jakarta.jms.DeliveryMode.PERSISTENT,
                    priorities[i], 0);
        }
        MessageConsumer consumer = session.createConsumer(queue);
        connection.start();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            order.add(((TextMessage) consumer.receive(5_000)).getText());
        }
        assertEquals(List.of("p8#1", "p8#3", "p4#2", "p1#0", "p0#4"), order);
    }

    @Test
    @DisplayName("8.7 Asynchronous delivery: a MessageListener gets every message, in order")
    void listenerGetsEverything() throws JMSException {
        Connection connection = BROKER.connection();
        Session session = connection.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                got.add(m.getIntProperty("n"));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        MessageProducer producer = BROKER.connection().createSession().createProducer(queue);
        Session sending = BROKER.connection().createSession();
        for (int i = 0; i < 500; i++) {
            Message m = sending.createMessage();
            m.setIntProperty("n", i);
            producer.send(m);
        }
        connection.start();
        await().until(() -> got.size() == 500);
        for (int i = 0; i < 500; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    @DisplayName("8.7 A listener that throws a RuntimeException gets the message again, marked redelivered")
    void listenerExceptionRedelivers() throws JMSException {
        Connection connection = BROKER.connection();
        Session session = connection.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        session.createProducer(queue).send(session.createTextMessage("fragile"));
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Message> second = new AtomicReference<>();
        session.createConsumer(queue).setMessageListener(m -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first delivery fails on purpose");
            }
            second.set(m);
        });
        connection.start();
        await().until(() -> second.get() != null);
        assertTrue(second.get().getJMSRedelivered(), "3.4.7 JMSRedelivered");
        assertEquals(2, second.get().getIntProperty("JMSXDeliveryCount"), "3.5.11 JMSXDeliveryCount");
    }

    @Test
    @DisplayName("8.2 Closing a consumer from another thread ends a blocked receive with null")
    void closeFromAnotherThreadEndsReceive() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        AtomicReference<Object> result = new AtomicReference<>("pending");
        Thread receiver = new Thread(() -> {
            try {
                result.set(consumer.receive());
            } catch (JMSException e) {
                result.set(e);
            }
        });
        receiver.start();
        await().until(() -> receiver.getState() == Thread.State.WAITING);
        consumer.close();
        receiver.join(5_000);
        assertFalse(receiver.isAlive());
        assertNull(result.get());
    }

    @Test
    @DisplayName("8.7 A consumer with a listener cannot receive synchronously; closed consumers refuse use")
    void listenerAndReceiveDoNotMix() throws JMSException {
        Session session = BROKER.connection().createSession();
        MessageConsumer consumer = session.createConsumer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        consumer.setMessageListener(m -> { });
        assertThrows(jakarta.jms.IllegalStateException.class, consumer::receiveNoWait);
        consumer.close();
        consumer.close();
        assertThrows(jakarta.jms.IllegalStateException.class, consumer::receiveNoWait);
    }

    @Test
    @DisplayName("Unacknowledged messages of a closed connection go back to the queue, redelivered")
    void closedConnectionGivesMessagesBack() throws JMSException {
        Connection first = BROKER.startedConnection();
        Session session = first.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 10; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        MessageConsumer greedy = session.createConsumer(queue);
        assertEquals("m0", ((TextMessage) greedy.receive(5_000)).getText());
        first.close();

        MessageConsumer next = BROKER.startedConnection().createSession().createConsumer(queue);
        for (int i = 1; i < 10; i++) {
            Message m = next.receive(5_000);
            assertEquals("m" + i, ((TextMessage) m).getText(), "prefetched, never delivered messages come back in order");
            assertFalse(m.getJMSRedelivered());
        }
        // The acknowledgements travel asynchronously; m0, had its acknowledgement been lost with
        // the connection, would be back in the queue (ready, or prefetched by next).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(queue.getQueueName()),
                "the message received in AUTO_ACKNOWLEDGE was not acknowledged"));
    }
}
