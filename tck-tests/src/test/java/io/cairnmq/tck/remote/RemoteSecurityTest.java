package io.cairnmq.tck.remote;

import io.cairnmq.cluster.frontend.FrontEnd;
import io.cairnmq.cluster.frontend.FrontEndSettings;
import io.cairnmq.cluster.frontend.NodeSecurity;
import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.engine.security.PasswordHash;
import io.cairnmq.engine.security.UserStore;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication and authorization over {@code tcp://}: a node with a user store of hashed
 * passwords and an access file refuses wrong credentials and acts a user has no right to, each
 * with a {@link JMSSecurityException} naming what was refused, and a refused send stores nothing.
 */
@Timeout(120)
class RemoteSecurityTest {

    private static Path dir;
    private static String name;
    private static Engine engine;
    private static FrontEnd frontEnd;

    @BeforeAll
    static void startNode() throws IOException {
        dir = Files.createTempDirectory("cairnmq-remote-security");
        List<String> users = new ArrayList<>();
        users.addAll(UserStore.fileLines("writer", PasswordHash.of("w-secret".toCharArray(), 1000), Set.of("app")));
        users.addAll(UserStore.fileLines("reader", PasswordHash.of("r-secret".toCharArray(), 1000), Set.of("worker")));
        Files.write(dir.resolve("users.properties"), users);
        Files.writeString(dir.resolve("access.properties"), "queue:orders = send=app; consume=worker; browse=worker; create=app\n"
                + "queue:audit = send=app\n"
                + "topic:news = consume=worker,app; create=worker,app; delete=app\n");
        name = "security-" + UUID.randomUUID().toString().substring(0, 8);
        BrokerConfig config = BrokerConfigParser.parse(name, Map.of("dataDir", dir.resolve("data").toString(),
                "users", dir.resolve("users.properties").toString(),
                "access", dir.resolve("access.properties").toString()));
        engine = Engines.obtain(config);
        frontEnd = FrontEnd.start(engine, FrontEndSettings.plain("127.0.0.1", 0, 1 << 20), NodeSecurity.of(config));
    }

    @AfterAll
    static void stopNode() throws IOException {
        frontEnd.close();
        Engines.shutdown(name);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static CairnConnectionFactory factory() {
        return new CairnConnectionFactory("tcp://127.0.0.1:" + frontEnd.address().getPort());
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() {
        JMSSecurityException wrong = assertThrows(JMSSecurityException.class,
                () -> factory().createConnection("writer", "not-it").close());
        assertTrue(wrong.getMessage().contains("writer"), wrong.getMessage());
        assertThrows(JMSSecurityException.class, () -> factory().createConnection("nobody", "x").close());
        assertThrows(JMSSecurityException.class, () -> factory().createConnection().close());
    }

    @Test
    void usingADestinationThatDoesNotExistNeedsTheRightToCreateIt() throws JMSException {
        DestinationName audit = DestinationName.queue("audit");
        try (Connection writer = factory().createConnection("writer", "w-secret")) {
            Session session = writer.createSession();
            JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                    () -> session.createProducer(session.createQueue("audit")).send(session.createTextMessage("x")));
            assertTrue(refused.getMessage().contains("create") && refused.getMessage().contains("queue:audit"),
                    refused.getMessage());
            assertTrue(!engine.exists(audit), "nothing was created");
            // An operator creates it: sending to it needs only the send right from then on.
            engine.declare(audit, new io.cairnmq.engine.api.DestinationSettings(1));
            session.createProducer(session.createQueue("audit")).send(session.createTextMessage("x"));
            assertEquals(1, engine.stats(audit).depth());
        }
    }

    @Test
    void aMissingRightIsRefusedNamingItAndCostsNoMessage() throws JMSException {
        try (Connection reader = factory().createConnection("reader", "r-secret")) {
            Session session = reader.createSession();
            JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                    () -> session.createProducer(session.createQueue("orders")).send(session.createTextMessage("x")));
            assertTrue(refused.getMessage().contains("send") && refused.getMessage().contains("queue:orders"),
                    refused.getMessage());
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue("payments")));
        }
        assertEquals(0, engine.stats(DestinationName.queue("orders")).depth());
        try (Connection writer = factory().createConnection("writer", "w-secret");
             Connection reader = factory().createConnection("reader", "r-secret")) {
            Session sending = writer.createSession();
            sending.createProducer(sending.createQueue("orders")).send(sending.createTextMessage("allowed"));
            JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                    () -> sending.createConsumer(sending.createQueue("orders")));
            assertTrue(refused.getMessage().contains("consume"), refused.getMessage());
            reader.start();
            Session receiving = reader.createSession();
            assertEquals("allowed", ((jakarta.jms.TextMessage) receiving.createConsumer(receiving.createQueue("orders"))
                    .receive(10_000)).getText());
        }
    }

    @Test
    void aRefusedNonPersistentSendIsReportedByTheProducerAndCostsNoMessage() throws JMSException {
        try (Connection reader = factory().createConnection("reader", "r-secret")) {
            Session session = reader.createSession();
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue("orders"));
            producer.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
            // The send is on its way without an answer of its own; the refusal comes with the node's
            // count of handled sends, and the producer's next call throws it.
            JMSSecurityException refused = assertThrows(JMSSecurityException.class, () -> {
                producer.send(session.createTextMessage("not allowed"));
                producer.close();
            });
            assertTrue(refused.getMessage().contains("send") && refused.getMessage().contains("queue:orders"),
                    refused.getMessage());
        }
        assertEquals(0, engine.stats(DestinationName.queue("orders")).depth());
    }

    @Test
    void unsubscribingNeedsTheDeleteRightOnTheSubscriptionsTopic() throws JMSException {
        try (Connection reader = factory().createConnection("reader", "r-secret")) {
            reader.setClientID("news-reader");
            Session session = reader.createSession();
            session.createDurableSubscriber(session.createTopic("news"), "daily").close();
            JMSSecurityException refused = assertThrows(JMSSecurityException.class, () -> session.unsubscribe("daily"));
            assertTrue(refused.getMessage().contains("delete") && refused.getMessage().contains("topic:news"),
                    refused.getMessage());
        }
        try (Connection writer = factory().createConnection("writer", "w-secret")) {
            writer.setClientID("news-reader");
            Session session = writer.createSession();
            // Still there after the refusal: the user with the right deletes it, once.
            session.unsubscribe("daily");
            assertThrows(jakarta.jms.InvalidDestinationException.class, () -> session.unsubscribe("daily"));
        }
    }
}
