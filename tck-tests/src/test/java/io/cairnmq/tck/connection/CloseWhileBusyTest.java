package io.cairnmq.tck.connection;

import io.cairnmq.tck.EmbeddedBroker;
import io.cairnmq.tck.ParkedCalls;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
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

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
    @DisplayName("6.1.8 A listener that receives on another session of its connection keeps it while the connection closes")
    void listenerReceivingOnAnotherSession() throws Exception {
        Connection connection = BROKER.factory().createConnection();
        Session a = connection.createSession();
        Session b = connection.createSession();
        Queue qa = a.createQueue(EmbeddedBroker.uniqueQueue());
        Queue qb = b.createQueue(EmbeddedBroker.uniqueQueue());
        MessageConsumer fromB = b.createConsumer(qb);
        CountDownLatch inListener = new CountDownLatch(1);
        CompletableFuture<Object> got = new CompletableFuture<>();
        a.createConsumer(qa).setMessageListener(m -> {
            inListener.countDown();
            try {
                got.complete(fromB.receive(20_000));
            } catch (Exception e) {
                got.complete(e);
            }
        });
        connection.start();
        Session sending = BROKER.connection().createSession();
        sending.createProducer(qa).send(sending.createTextMessage("go"));
        assertTrue(inListener.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                connection.close();
            } catch (Exception e) {
                throw new java.lang.IllegalStateException(e);
            }
        });
        sending.createProducer(qb).send(sending.createTextMessage("for the listener"));
        closing.get(10, TimeUnit.SECONDS);
        assertTrue(got.get() instanceof TextMessage, () -> "the listener's receive got " + got.getNow(null));
    }

    @Test
    @DisplayName("8.8 Closing a CLIENT_ACKNOWLEDGE consumer whose receive was just woken returns promptly, and so does the next recover")
    void closeRightAfterAWakeUp() throws Exception {
        for (int round = 0; round < 100; round++) {
            Connection connection = BROKER.startedConnection();
            Session waiting = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Session holding = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue queue = waiting.createQueue(EmbeddedBroker.uniqueQueue());
            holding.createProducer(queue).send(holding.createTextMessage("m"));
            MessageConsumer holder = holding.createConsumer(queue);
            assertNotNull(holder.receive(5_000));
            MessageConsumer consumer = waiting.createConsumer(queue);
            try (ParkedCalls receives = new ParkedCalls()) {
                receives.start(consumer::receive);
                CompletableFuture.runAsync(() -> {
                    try {
                        holding.recover();   // the message goes back: the waiting consumer is woken
                        consumer.close();
                        waiting.recover();
                    } catch (Exception e) {
                        throw new java.lang.IllegalStateException(e);
                    }
                }).get(10, TimeUnit.SECONDS);
            }
            connection.close();
        }
    }

    @Test
    @DisplayName("8.8 A receiveBody converting its message when the consumer closes: the message is either returned or kept, never both")
    void receiveBodyRacingClose() throws Exception {
        java.util.ArrayList<String> large = new java.util.ArrayList<>();
        for (int k = 0; k < 1_000_000; k++) {
            large.add("s" + k);
        }
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 10; round++) {
            String name = EmbeddedBroker.uniqueQueue();
            try (JMSContext context = BROKER.factory().createContext();
                 JMSContext sender = BROKER.factory().createContext()) {
                JMSConsumer consumer = context.createConsumer(context.createQueue(name));
                CompletableFuture<Object> body = CompletableFuture.supplyAsync(() -> {
                    try {
                        return consumer.receiveBody(java.io.Serializable.class, 10_000);
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                sender.createProducer().send(sender.createQueue(name), large);
                await().until(() -> body.isDone() || BROKER.stats(name).leased() > 0);
                java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(100_000_000));
                consumer.close();
                Object returned = body.get(20, TimeUnit.SECONDS);
                long left = BROKER.stats(name).depth();
                if (returned instanceof java.util.List) {
                    assertEquals(0, left, "returned and kept (seed " + seed + ", round " + round + ")");
                } else {
                    assertEquals(1, left, "neither returned nor kept (seed " + seed + ", round " + round + "): " + returned);
                }
            }
        }
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

}
