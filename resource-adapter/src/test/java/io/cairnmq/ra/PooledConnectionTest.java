package io.cairnmq.ra;

import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.ra.admin.AdminQueue;
import io.cairnmq.ra.outbound.CairnManagedConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter's outbound side under a pool and transaction manager that behave as a server's
 * ({@link TestPool}): an enterprise bean's sends happen only when the container's transaction
 * commits, closing the connection gives it back to the pool, and the rules of a container's
 * connections hold.
 */
@Timeout(60)
class PooledConnectionTest {

    @TempDir
    Path dataDir;
    private final String broker = "pool-" + UUID.randomUUID().toString().substring(0, 8);
    private TestPool pool;
    private ConnectionFactory pooled;
    private Connection observer;

    @BeforeEach
    void start() throws JMSException {
        CairnManagedConnectionFactory managed = new CairnManagedConnectionFactory();
        managed.setConnectionUrl("vm://" + broker + "?dataDir=" + dataDir);
        pool = new TestPool();
        pooled = (ConnectionFactory) managed.createConnectionFactory(pool);
        observer = new CairnConnectionFactory(managed.getConnectionUrl()).createConnection();
        observer.start();
    }

    @AfterEach
    void stop() throws Exception {
        observer.close();
        pool.destroyAll();
        Engines.shutdown(broker);
    }

    @Test
    @DisplayName("A send in the container's transaction arrives when it commits, not before; a rolled-back one never")
    void sendsFollowTheContainersTransaction() throws Exception {
        Queue queue = queue();
        MessageConsumer watching = watch(queue);

        pool.begin();
        send(queue, "committed");
        assertNull(watching.receive(200), "a send arrived before the commit");
        pool.commit();
        assertEquals("committed", text(watching.receive(5_000)));

        pool.begin();
        send(queue, "rolled back");
        pool.rollback();
        assertNull(watching.receive(300), "a rolled-back send arrived");
    }

    @Test
    @DisplayName("Closing the connection gives it back to the pool, which hands the same managed connection out again")
    void closingReturnsToThePool() throws Exception {
        Queue queue = queue();
        send(queue, "one");
        send(queue, "two");
        assertEquals(1, pool.created.size(), "a closed connection was not reused");
        MessageConsumer watching = watch(queue);
        assertEquals("one", text(watching.receive(5_000)));
        assertEquals("two", text(watching.receive(5_000)), "outside a transaction a send arrives at once");
    }

    @Test
    @DisplayName("A container's connection has one session and refuses client IDs, exception listeners, stop and listeners")
    void containerRules() throws Exception {
        try (Connection connection = pooled.createConnection()) {
            Session session = connection.createSession();
            assertThrows(JMSException.class, connection::createSession, "a second session");
            assertThrows(IllegalStateException.class, () -> connection.setClientID("x"));
            assertThrows(IllegalStateException.class, () -> connection.setExceptionListener(e -> { }));
            assertThrows(IllegalStateException.class, connection::stop);
            assertThrows(IllegalStateException.class, () -> session.setMessageListener(m -> { }));
            session.close();
            connection.createSession().close();
        }
    }

    @Test
    @DisplayName("A JMSContext of the pooled factory: its sends follow the container's transaction, it keeps the"
            + " container's rules, and closing it gives the connection back to the pool")
    void contextOfThePooledFactory() throws Exception {
        Queue queue = queue();
        MessageConsumer watching = watch(queue);

        pool.begin();
        try (JMSContext context = pooled.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            context.createProducer().setProperty("step", 1).send(queue, "committed");
            assertTrue(context.getTransacted());
            assertThrows(TransactionInProgressRuntimeException.class, context::commit);
            assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("x"));
            assertThrows(IllegalStateRuntimeException.class, () -> context.setExceptionListener(e -> { }));
            assertThrows(IllegalStateRuntimeException.class, context::stop);
            assertThrows(JMSRuntimeException.class, () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        }
        assertNull(watching.receive(200), "a send arrived before the commit");
        pool.commit();
        Message committed = watching.receive(5_000);
        assertEquals("committed", text(committed));
        assertEquals(1, committed.getIntProperty("step"));

        pool.begin();
        try (JMSContext context = pooled.createContext()) {
            context.createProducer().send(queue, "rolled back");
        }
        pool.rollback();
        try (JMSContext context = pooled.createContext()) {
            assertEquals(JMSContext.AUTO_ACKNOWLEDGE, context.getSessionMode(), "outside a transaction");
            assertThrows(IllegalStateRuntimeException.class, context::commit);
            context.createProducer().send(queue, "at once");
            assertEquals("at once", text(watching.receive(5_000)), "a rolled-back send arrived, or a send outside a"
                    + " transaction did not arrive at once");
            observer.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(queue)
                    .send(context.createTextMessage("to the context"));
            watching.close();
            assertEquals("to the context", context.createConsumer(queue).receiveBody(String.class, 5_000));
        }
        assertEquals(1, pool.created.size(), "a closed context's connection was not reused");
        assertThrows(JMSRuntimeException.class, () -> pooled.createContext(7));
    }

    @Test
    @DisplayName("In a pool that enlists lazily, a connection joins the transaction at its first send, even one taken"
            + " before the transaction began; outside one its sends arrive at once")
    void lazyEnlistment() throws Exception {
        TestPool lazyPool = new TestPool(true);
        CairnManagedConnectionFactory managed = new CairnManagedConnectionFactory();
        managed.setConnectionUrl("vm://" + broker + "?dataDir=" + dataDir);
        ConnectionFactory lazyFactory = (ConnectionFactory) managed.createConnectionFactory(lazyPool);
        Queue queue = queue();
        MessageConsumer watching = watch(queue);
        try (Connection connection = lazyFactory.createConnection()) {
            Session session = connection.createSession();
            MessageProducer producer = session.createProducer(queue);
            lazyPool.begin();
            producer.send(session.createTextMessage("rolled back"));
            lazyPool.rollback();
            lazyPool.begin();
            producer.send(session.createTextMessage("committed"));
            assertNull(watching.receive(200), "a send arrived before the commit");
            lazyPool.commit();
            producer.send(session.createTextMessage("outside"));
        } finally {
            lazyPool.destroyAll();
        }
        assertEquals("committed", text(watching.receive(5_000)), "the rolled-back send arrived, or none");
        assertEquals("outside", text(watching.receive(5_000)));
    }

    @Test
    @DisplayName("A local transaction of the managed connection, for a pool run without XA")
    void localTransaction() throws Exception {
        Queue queue = queue();
        MessageConsumer watching = watch(queue);
        ManagedConnection managed = new CairnManagedConnectionFactoryWithUrl(broker, dataDir).create();
        try {
            LocalTransaction local = managed.getLocalTransaction();
            Connection connection = (Connection) managed.getConnection(null, null);
            Session session = connection.createSession();
            local.begin();
            session.createProducer(queue).send(session.createTextMessage("local"));
            assertNull(watching.receive(200));
            local.commit();
            assertEquals("local", text(watching.receive(5_000)));
            local.begin();
            session.createProducer(queue).send(session.createTextMessage("dropped"));
            local.rollback();
            assertNull(watching.receive(300));
        } finally {
            managed.destroy();
        }
    }

    /** A managed connection made outside the pool, on the same broker. */
    private record CairnManagedConnectionFactoryWithUrl(String broker, Path dataDir) {
        ManagedConnection create() throws Exception {
            CairnManagedConnectionFactory factory = new CairnManagedConnectionFactory();
            factory.setConnectionUrl("vm://" + broker + "?dataDir=" + dataDir);
            return factory.createManagedConnection(null, null);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void send(Queue queue, String text) throws JMSException {
        try (Connection connection = pooled.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(queue).send(session.createTextMessage(text));
        }
    }

    private MessageConsumer watch(Queue queue) throws JMSException {
        return observer.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
    }

    private static Queue queue() {
        AdminQueue queue = new AdminQueue();
        queue.setName("q-" + UUID.randomUUID());
        return queue;
    }

    private static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }
}
