package io.cairnmq.tck.connection;

import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 6.1: stop waits for running listeners; the exception listener hears of a lost broker. */
@Timeout(30)
class ConnectionLifecycleTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    @Test
    @DisplayName("6.1.5 stop() returns only after a running message listener has returned")
    void stopWaitsForTheListener() throws Exception {
        Connection connection = BROKER.connection();
        Session session = connection.createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean listenerDone = new AtomicBoolean();
        session.createConsumer(queue).setMessageListener(m -> {
            inListener.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listenerDone.set(true);
        });
        Session sending = BROKER.connection().createSession();
        MessageProducer producer = sending.createProducer(queue);
        producer.send(sending.createMessage());
        connection.start();
        assertTrue(inListener.await(10, TimeUnit.SECONDS));

        AtomicBoolean stopped = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            try {
                connection.stop();
                stopped.set(true);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        await().until(() -> stopper.getState() == Thread.State.WAITING);
        assertFalse(stopped.get(), "stop() is still waiting for the listener");
        release.countDown();
        stopper.join(10_000);
        assertTrue(stopped.get());
        assertTrue(listenerDone.get());
    }

    @Test
    @DisplayName("6.1.7 The ExceptionListener is told when the broker under the connection goes away")
    void exceptionListenerHearsOfALostBroker() throws Exception {
        String name = "lost-" + UUID.randomUUID().toString().substring(0, 8);
        CairnConnectionFactory factory = new CairnConnectionFactory("vm://" + name + "?dataDir=" + dir);
        Connection connection = factory.createConnection();
        AtomicReference<JMSException> heard = new AtomicReference<>();
        connection.setExceptionListener(heard::set);
        factory.shutdownBroker();
        await().until(() -> heard.get() != null);
        assertNotNull(heard.get().getMessage());
        connection.close();
    }
}
