package io.cairnmq.tck.sending;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 7.3.8 "Use of the CompletionListener by the Jakarta Messaging
 * provider" and the javadoc of {@code MessageProducer.send(..., CompletionListener)}: a
 * completion listener must not close its own producer, session, connection or context, nor
 * commit or roll back its own session or context; each such call throws an
 * {@code IllegalStateException} (its runtime twin for a context) and changes nothing. Closing a
 * producer waits for its incomplete asynchronous sends.
 */
@Timeout(30)
class CompletionListenerRulesTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    /** What the listener tries on its own objects. */
    interface Forbidden {
        void call(Connection connection, Session session, MessageProducer producer) throws Exception;

        /** A call a listener makes. */
        interface Action {
            void run() throws Exception;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"producer.close", "session.close", "connection.close", "session.commit",
            "session.rollback"})
    @DisplayName("7.3.8 A completion listener calling close, commit or rollback on its own objects gets IllegalStateException")
    void forbiddenCallsFromTheListener(String call) throws Exception {
        boolean transacted = call.endsWith("commit") || call.endsWith("rollback");
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        Forbidden forbidden = switch (call) {
            case "producer.close" -> (c, s, p) -> p.close();
            case "session.close" -> (c, s, p) -> s.close();
            case "connection.close" -> (c, s, p) -> c.close();
            case "session.commit" -> (c, s, p) -> s.commit();
            default -> (c, s, p) -> s.rollback();
        };
        CompletableFuture<Exception> outcome = new CompletableFuture<>();
        producer.send(session.createTextMessage("async"),
                running(() -> forbidden.call(connection, session, producer), outcome));
        assertInstanceOf(IllegalStateException.class, outcome.get(10, TimeUnit.SECONDS), call + " must be refused");

        // Nothing was closed, committed or rolled back: the same objects go on working.
        producer.send(session.createTextMessage("sync"));
        if (transacted) {
            session.commit();
        }
        assertEquals(2, countIn(session, queue));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"close", "commit", "rollback"})
    @DisplayName("7.3.8 A completion listener calling close, commit or rollback on its own JMSContext gets IllegalStateRuntimeException")
    void forbiddenContextCalls(String call) throws Exception {
        int mode = call.equals("close") ? JMSContext.AUTO_ACKNOWLEDGE : JMSContext.SESSION_TRANSACTED;
        try (JMSContext context = BROKER.factory().createContext(mode)) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            CompletableFuture<Exception> outcome = new CompletableFuture<>();
            context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        switch (call) {
                            case "close" -> context.close();
                            case "commit" -> context.commit();
                            default -> context.rollback();
                        }
                        outcome.complete(null);
                    } catch (Exception e) {
                        outcome.complete(e);
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    outcome.completeExceptionally(exception);
                }
            }).send(queue, "async");
            assertInstanceOf(IllegalStateRuntimeException.class, outcome.get(10, TimeUnit.SECONDS));
            context.createProducer().send(queue, "sync");
            if (mode == JMSContext.SESSION_TRANSACTED) {
                context.commit();
            }
            assertEquals("async", context.createConsumer(queue).receiveBody(String.class, 5_000));
        }
    }

    @Test
    @DisplayName("7.3 MessageProducer.close() waits until its asynchronous sends completed and their listeners returned")
    void closeWaitsForIncompleteSends() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicBoolean listenerReturned = new AtomicBoolean();
        producer.send(session.createTextMessage("async"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                inListener.countDown();
                try {
                    letGo.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                listenerReturned.set(true);
            }

            @Override
            public void onException(Message message, Exception exception) {
                inListener.countDown();
            }
        });
        assertTrue(inListener.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> closing = new CompletableFuture<>();
        Thread closer = new Thread(() -> {
            try {
                producer.close();
                closing.complete(listenerReturned.get());
            } catch (Exception e) {
                closing.completeExceptionally(e);
            }
        });
        closer.start();
        // close() is either waiting for the listener or (wrongly) already done.
        await().until(() -> closing.isDone() || closer.getState() == Thread.State.WAITING
                || closer.getState() == Thread.State.TIMED_WAITING);
        letGo.countDown();
        assertTrue(closing.get(10, TimeUnit.SECONDS), "close() returned before the listener did");
    }

    @Test
    @DisplayName("7.3 A completion listener that throws is not also told onException; later sends complete as usual")
    void aListenerThatThrows() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        java.util.concurrent.atomic.AtomicInteger exceptions = new java.util.concurrent.atomic.AtomicInteger();
        producer.send(session.createTextMessage("first"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                throw new java.lang.IllegalStateException("the application's own failure, on purpose");
            }

            @Override
            public void onException(Message message, Exception exception) {
                exceptions.incrementAndGet();
            }
        });
        CompletableFuture<Message> second = new CompletableFuture<>();
        producer.send(session.createTextMessage("second"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                second.complete(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                second.completeExceptionally(exception);
            }
        });
        // Listeners are called in send order: once the second is told, the first is done.
        second.get(10, TimeUnit.SECONDS);
        assertEquals(0, exceptions.get());
        assertEquals(2, countIn(session, queue));
    }

    @Test
    @DisplayName("7.3.4 A completion listener may close another producer of its session whose sends are complete")
    void closingAnotherProducer() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer other = session.createProducer(queue);
        other.send(session.createTextMessage("synchronous"));
        MessageProducer producer = session.createProducer(queue);
        CompletableFuture<Exception> outcome = new CompletableFuture<>();
        producer.send(session.createTextMessage("async"), running(other::close, outcome));
        assertNull(outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("7.3.7 A completion listener may send synchronously on its session")
    void completionListenerSendsSynchronously() throws Exception {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        CompletableFuture<Exception> outcome = new CompletableFuture<>();
        producer.send(session.createTextMessage("first"),
                running(() -> producer.send(session.createTextMessage("from the listener")), outcome));
        assertNull(outcome.get(10, TimeUnit.SECONDS));
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals("first", ((TextMessage) consumer.receive(5_000)).getText());
        assertEquals("from the listener", ((TextMessage) consumer.receive(5_000)).getText());
    }

    private static int countIn(Session session, Queue queue) throws Exception {
        int n = 0;
        for (var e = session.createBrowser(queue).getEnumeration(); e.hasMoreElements(); e.nextElement()) {
            n++;
        }
        return n;
    }

    /** A listener whose onCompletion runs the action and reports what it threw (null for nothing). */
    private static CompletionListener running(Forbidden.Action action, CompletableFuture<Exception> outcome) {
        return new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    action.run();
                    outcome.complete(null);
                } catch (Exception e) {
                    outcome.complete(e);
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                outcome.completeExceptionally(exception);
            }
        };
    }
}
