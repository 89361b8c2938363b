package io.cairnmq.tck.connection;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSProducer;
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

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a close finds in progress: sections 6.1.8 "Closing a connection", 6.2.15 "Closing a
 * session", 8.7 "Asynchronous delivery" and 8.8 "Closing a consumer". A listener that is running
 * when its session or connection is closed keeps their full services until it returns; a
 * listener may close its own consumer; the close or callback starts before the state changes.
 */
@Timeout(60)
class CloseWhileBusyTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @ParameterizedTest(name = "closing the {0}")
    @ValueSource(strings = {"connection", "session"})
    @DisplayName("6.1.8 / 6.2.15 A listener running when close() is called can still send and commit; close waits for it")
    void runningListenerKeepsItsSession(String closing) throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        Queue in = session.createQueue(EmbeddedBroker.uniqueQueue());
        Queue out = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer forward = session.createProducer(out);
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicReference<Exception> listenerFailure = new AtomicReference<>();
        session.createConsumer(in).setMessageListener(m -> {
            inListener.countDown();
            try {
                letGo.await(10, TimeUnit.SECONDS);
                forward.send(session.createTextMessage("forwarded"));
                session.commit();
            } catch (Exception e) {
                listenerFailure.set(e);
            }
        });
        Session sending = BROKER.connection().createSession();
        sending.createProducer(in).send(sending.createTextMessage("work"));
        connection.start();
        assertTrue(inListener.await(10, TimeUnit.SECONDS));

        Thread closer = new Thread(() -> {
            try {
                if (closing.equals("connection")) {
                    connection.close();
                } else {
                    session.close();
                }
            } catch (Exception e) {
                listenerFailure.compareAndSet(null, e);
            }
        });
        closer.start();
        await().until(() -> closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TIMED_WAITING);
        assertTrue(closer.isAlive(), "close() waits for the running listener");
        letGo.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertNull(listenerFailure.get(), () -> "the listener lost its session: " + listenerFailure.get());
        await().until(() -> BROKER.stats(out.getQueueName()).depth() == 1 && BROKER.stats(in.getQueueName()).depth() == 0);
    }

    @Test
    @DisplayName("8.8 A listener that closes its own consumer in AUTO_ACKNOWLEDGE: its message is still acknowledged")
    void listenerClosesItsOwnConsumer() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        Session sending = BROKER.connection().createSession();
        MessageProducer producer = sending.createProducer(queue);
        producer.send(sending.createTextMessage("only one"));
        producer.send(sending.createTextMessage("left for later"));
        List<String> heard = new CopyOnWriteArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        MessageConsumer consumer = session.createConsumer(queue);
        consumer.setMessageListener(m -> {
            try {
                heard.add(((TextMessage) m).getText());
                consumer.close();
            } catch (Exception e) {
                failure.set(e);
            }
        });
        connection.start();
        await().until(() -> BROKER.stats(queue.getQueueName()).depth() == 1);
        assertNull(failure.get());
        assertEquals(List.of("only one"), heard);
        Message left = session.createConsumer(queue).receive(5_000);
        assertEquals("left for later", ((TextMessage) left).getText());
        assertFalse(left.getJMSRedelivered(), "never delivered to the closed consumer");
    }

    @Test
    @DisplayName("8.7 A listener that throws in AUTO_ACKNOWLEDGE gets the same message again at once, before later ones")
    void listenerExceptionRedeliversImmediately() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 5; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        List<String> heard = new CopyOnWriteArrayList<>();
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                String text = ((TextMessage) m).getText() + (m.getJMSRedelivered() ? "(again)" : "");
                heard.add(text);
                if (text.equals("m0")) {
                    throw new java.lang.IllegalStateException("first delivery fails on purpose");
                }
            } catch (jakarta.jms.JMSException e) {
                throw new java.lang.IllegalStateException(e);
            }
        });
        connection.start();
        await().until(() -> heard.size() == 6);
        assertEquals(List.of("m0", "m0(again)", "m1", "m2", "m3", "m4"), heard);
    }

    @Test
    @DisplayName("Message.acknowledge() after its session closed throws IllegalStateException, in every mode")
    void acknowledgeAfterClose() throws Exception {
        for (int mode : new int[] {Session.AUTO_ACKNOWLEDGE, Session.CLIENT_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE,
                Session.SESSION_TRANSACTED}) {
            Session session = BROKER.startedConnection().createSession(mode);
            Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
            session.createProducer(queue).send(session.createTextMessage("x"));
            if (mode == Session.SESSION_TRANSACTED) {
                session.commit();
            }
            Message m = session.createConsumer(queue).receive(5_000);
            m.acknowledge();
            session.close();
            assertThrows(IllegalStateException.class, m::acknowledge, "mode " + mode);
        }
    }

    @Test
    @DisplayName("7.3.7 A completion listener may send synchronously on its session")
    void completionListenerSendsSynchronously() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        CompletableFuture<Exception> outcome = new CompletableFuture<>();
        producer.send(session.createTextMessage("first"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    producer.send(session.createTextMessage("from the listener"));
                    outcome.complete(null);
                } catch (Exception e) {
                    outcome.complete(e);
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                outcome.complete(exception);
            }
        });
        assertNull(outcome.get(10, TimeUnit.SECONDS));
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals("first", ((TextMessage) consumer.receive(5_000)).getText());
        assertEquals("from the listener", ((TextMessage) consumer.receive(5_000)).getText());
    }

    @Test
    @DisplayName("JMSProducer.getPropertyNames is a view: it shows properties set afterwards and cannot be changed")
    void producerPropertyNamesAreAView() {
        try (JMSContext context = BROKER.factory().createContext()) {
            JMSProducer producer = context.createProducer();
            Set<String> names = producer.getPropertyNames();
            producer.setProperty("a", 1);
            assertEquals(Set.of("a"), names);
            assertThrows(UnsupportedOperationException.class, () -> names.add("b"));
            producer.clearProperties();
            assertTrue(names.isEmpty());
        }
    }
}
