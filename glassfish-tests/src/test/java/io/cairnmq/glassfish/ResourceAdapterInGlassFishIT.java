package io.cairnmq.glassfish;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.glassfish.app.CountingListener;
import io.cairnmq.glassfish.app.OrderListener;
import io.cairnmq.glassfish.app.ParallelListener;
import io.cairnmq.glassfish.app.Rows;
import io.cairnmq.glassfish.app.ShippingService;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.naming.InitialContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The resource adapter in a real server: GlassFish 7 deploys the {@code .rar}, pools its
 * connections, and runs an application whose message-driven beans consume and whose enterprise
 * bean sends, both in JTA transactions together with an XA JDBC data source (H2). One server
 * and one embedded broker ({@code vm://}) serve the whole class; the setup is the README's
 * deployment steps, run as asadmin commands.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResourceAdapterInGlassFishIT {

    static final String ADAPTER = "cairnmq-ra";
    private static final String BROKER = "glassfish";

    static Path workDir;
    static EmbeddedGlassFish server;
    private static String databaseUrl;
    private static Connection client;

    @BeforeAll
    static void deploy() throws Exception {
        workDir = Path.of(System.getProperty("cairnmq.it.dir")).resolve("run-" + System.nanoTime());
        server = EmbeddedGlassFish.start(workDir.resolve("server"));
        String brokerUrl = "vm://" + BROKER + "?dataDir=" + workDir.resolve("broker");
        server.asadmin("create-resource-adapter-config", "--property", "ConnectionUrl=" + escaped(brokerUrl), ADAPTER);
        server.deploy(Path.of(System.getProperty("cairnmq.rar")).toFile(), "--name", ADAPTER);
        server.asadmin("create-connector-connection-pool", "--raname", ADAPTER,
                "--connectiondefinition", "jakarta.jms.ConnectionFactory", "--transactionsupport", "XATransaction",
                "cairnmq-pool");
        server.asadmin("create-connector-resource", "--poolname", "cairnmq-pool", ShippingService.CONNECTION_FACTORY);
        server.asadmin("create-connector-connection-pool", "--raname", ADAPTER,
                "--connectiondefinition", "jakarta.jms.ConnectionFactory", "--transactionsupport", "XATransaction",
                "--lazyconnectionenlistment=true", "cairnmq-lazy-pool");
        server.asadmin("create-connector-resource", "--poolname", "cairnmq-lazy-pool",
                ShippingService.LAZY_CONNECTION_FACTORY);
        server.asadmin("create-admin-object", "--raname", ADAPTER, "--restype", "jakarta.jms.Queue",
                "--property", "Name=shipped", ShippingService.SHIPPED);

        databaseUrl = "jdbc:h2:" + workDir.resolve("orders");
        try (java.sql.Connection db = DriverManager.getConnection(databaseUrl, "sa", "sa");
             Statement statement = db.createStatement()) {
            for (String table : Rows.SCHEMA) {
                statement.execute(table);
            }
        }
        server.asadmin("create-jdbc-connection-pool", "--datasourceclassname", "org.h2.jdbcx.JdbcDataSource",
                "--restype", "javax.sql.XADataSource",
                "--property", "url=" + escaped(databaseUrl) + ":user=sa:password=sa", "orders-pool");
        server.asadmin("create-jdbc-resource", "--connectionpoolid", "orders-pool", Rows.DATA_SOURCE);

        client = new CairnConnectionFactory(brokerUrl).createConnection();
        client.start();
        server.deploy(new ApplicationArchive(ADAPTER)
                .withClasses(Rows.class, OrderListener.class, ParallelListener.class, ShippingService.class)
                .withAnnotatedMessageDrivenBean("OrderListener")
                .withAnnotatedMessageDrivenBean("ParallelListener")
                .writeTo(workDir.resolve("orders-app.jar")).toFile(), "--name", "orders-app");
    }

    @AfterAll
    static void undeploy() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            Engines.shutdown(BROKER);
            deleteRecursively(workDir);
        }
    }

    /** The server's domain, the broker's journal and the database go with the run. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    @DisplayName("A message-driven bean in the container's transaction gets every message once")
    void everyMessageOnce() throws Exception {
        int count = 200;
        send(OrderListener.QUEUE, count, "once-", false);
        await().atMost(2, TimeUnit.MINUTES).until(() -> count("select count(*) from deliveries where body like 'once-%'")
                >= count);
        assertEquals(count, count("select count(distinct body) from deliveries where body like 'once-%'"));
        await().atMost(1, TimeUnit.MINUTES).until(() -> stats(OrderListener.QUEUE).equals(new DestinationStats(0, 0)));
        assertEquals(count, count("select count(*) from deliveries where body like 'once-%'"),
                "a message was delivered twice");
        assertEquals(0, count("select count(*) from deliveries where body like 'once-%' and redelivered"));
    }

    @Test
    @DisplayName("A message whose bean's transaction rolls back comes again, marked redelivered, and only the"
            + " second delivery's row stays")
    void rolledBackDeliveryComesAgain() throws Exception {
        send(OrderListener.QUEUE, 1, "again-", true);
        await().atMost(1, TimeUnit.MINUTES).until(() -> count("select count(*) from deliveries where body = 'again-0'")
                == 1);
        await().atMost(1, TimeUnit.MINUTES).until(() -> stats(OrderListener.QUEUE).equals(new DestinationStats(0, 0)));
        assertEquals(1, count("select count(*) from deliveries where body = 'again-0' and redelivered"
                + " and delivery_count = 2"));
    }

    @Test
    @DisplayName("A message whose bean's transaction always rolls back goes to the activation's dead-letter queue"
            + " after its maxDeliveryAttempts, and none of its rows stays")
    void poisonMessageEndsInTheDeadLetterQueue() throws Exception {
        try (Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage poison = session.createTextMessage("poison");
            poison.setBooleanProperty(OrderListener.ALWAYS_ROLL_BACK, true);
            session.createProducer(session.createQueue(OrderListener.QUEUE)).send(poison);
            Message dead = session.createConsumer(session.createQueue(OrderListener.DEAD_LETTERS))
                    .receive(TimeUnit.MINUTES.toMillis(1));
            assertEquals("poison", ((TextMessage) dead).getText());
            assertEquals(OrderListener.QUEUE, dead.getStringProperty("CairnOriginalDestination"));
            assertEquals(3, dead.getIntProperty("CairnDeliveryAttempts"));
        }
        await().atMost(1, TimeUnit.MINUTES).until(() -> stats(OrderListener.QUEUE).equals(new DestinationStats(0, 0)));
        assertEquals(0, count("select count(*) from deliveries where body = 'poison'"));
    }

    @Test
    @DisplayName("With maxSession 4, four messages are delivered at once")
    void fourDeliveriesAtOnce() throws Exception {
        send(ParallelListener.QUEUE, ParallelListener.SESSIONS, "parallel-", false);
        await().atMost(2, TimeUnit.MINUTES).until(() -> ParallelListener.MET.size() == ParallelListener.SESSIONS);
        assertEquals(List.of(true, true, true, true), new ArrayList<>(ParallelListener.MET));
    }

    @ParameterizedTest(name = "through {0}")
    @ValueSource(strings = {"a pooled Connection", "a Connection of a pool that enlists lazily",
            "an injected JMSContext"})
    @DisplayName("An enterprise bean's send and its XA JDBC insert in one JTA transaction: both on commit,"
            + " neither on rollback")
    void sendAndInsertBothOrNeither(String api) throws Exception {
        ShippingService shipping = (ShippingService) new InitialContext()
                .lookup("java:global/orders-app/ShippingService");
        String rolledBack = api + ": rolled back";
        String committed = api + ": committed";
        ship(shipping, api, rolledBack, true);
        assertEquals(0, count("select count(*) from shipments where order_id = '" + rolledBack + "'"));
        ship(shipping, api, committed, false);
        assertEquals(1, count("select count(*) from shipments where order_id = '" + committed + "'"));
        try (Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer shipped = session.createConsumer(session.createQueue("shipped"))) {
            Message first = shipped.receive(TimeUnit.SECONDS.toMillis(30));
            assertEquals(committed, ((TextMessage) first).getText(), "the rolled-back send reached the queue");
            assertNull(shipped.receiveNoWait(), "a second message reached the queue");
        }
        assertEquals(new DestinationStats(0, 0), stats("shipped"));
    }

    private static void ship(ShippingService shipping, String api, String order, boolean rollBack) throws Exception {
        if (api.contains("JMSContext")) {
            shipping.shipWithContext(order, rollBack);
        } else if (api.contains("lazily")) {
            shipping.shipThroughLazyPool(order, rollBack);
        } else {
            shipping.ship(order, rollBack);
        }
    }

    /**
     * The benchmark: a backlog of persistent 1 KiB messages drained by a bean that only counts,
     * with maxSession 1 and 4, in the container's transaction (XA: the container enlists the
     * session's XA resource; as the only resource, it commits in one phase) and without one
     * (each message acknowledged on its own when onMessage returns). Each configuration is
     * deployed alone, after its backlog is in place, and timed from its first delivery to its
     * last. {@code -Dcairnmq.glassfish.bench.messages} sets the backlog (500 by default) and
     * {@code -Dcairnmq.glassfish.bench.rounds} how many times the four run (1; the first round
     * also warms the server up).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    @DisplayName("Benchmark: message-driven bean throughput, maxSession 1 and 4, XA and without a transaction")
    void messageDrivenThroughput() throws Exception {
        int messages = Integer.getInteger("cairnmq.glassfish.bench.messages", 500);
        int rounds = Integer.getInteger("cairnmq.glassfish.bench.rounds", 1);
        StringBuilder report = new StringBuilder("message-driven bean throughput, " + messages
                + " persistent 1 KiB messages each, msgs/s:\n");
        for (int round = 1; round <= rounds; round++) {
            report.append("  round ").append(round).append(':');
            for (boolean transacted : new boolean[] {false, true}) {
                for (int sessions : new int[] {1, 4}) {
                    report.append(String.format("  %s maxSession %d %,7.0f", transacted ? "XA" : "no tx", sessions,
                            drainRate("bench-" + round + (transacted ? "-xa-" : "-none-") + sessions, messages,
                                    sessions, transacted)));
                }
            }
            report.append('\n');
        }
        System.out.print(report);
    }

    /** Deploys a counting bean on a backlog of {@code messages}; its deliveries per second, first to last. */
    private static double drainRate(String queue, int messages, int sessions, boolean transacted) throws Exception {
        sendBacklog(queue, messages);
        CountingListener.reset();
        String application = server.deploy(new ApplicationArchive(ADAPTER)
                .withClasses(CountingListener.class)
                .withMessageDrivenBean("CountingListener", CountingListener.class, queue, sessions, transacted)
                .writeTo(workDir.resolve(queue + ".jar")).toFile(), "--name", queue);
        await().atMost(10, TimeUnit.MINUTES).until(() -> stats(queue).equals(new DestinationStats(0, 0)));
        server.undeploy(application);
        assertEquals(messages, CountingListener.DELIVERED.get(), queue + ": deliveries");
        return (messages - 1) / ((CountingListener.LAST_NANOS.get() - CountingListener.FIRST_NANOS.get()) / 1e9);
    }

    private static void sendBacklog(String queue, int count) throws JMSException {
        byte[] body = new byte[1024];
        try (Session session = client.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                producer.send(message);
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private static void send(String queue, int count, String prefix, boolean rollBackFirstDelivery)
            throws JMSException {
        try (Session session = client.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                TextMessage message = session.createTextMessage(prefix + i);
                message.setBooleanProperty(OrderListener.ROLL_BACK_FIRST_DELIVERY, rollBackFirstDelivery);
                producer.send(message);
            }
            session.commit();
        }
    }

    private static long count(String query) throws SQLException {
        try (java.sql.Connection db = DriverManager.getConnection(databaseUrl, "sa", "sa");
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static DestinationStats stats(String queue) {
        return Engines.find(BROKER).stats(DestinationName.queue(queue));
    }

    /** asadmin's property syntax separates properties with ':' and values from names with '='. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }
}
