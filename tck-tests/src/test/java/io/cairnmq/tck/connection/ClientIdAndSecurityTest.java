package io.cairnmq.tck.connection;

import io.cairnmq.engine.api.Engines;
import io.cairnmq.engine.security.PasswordHash;
import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 6.1.2 client identifiers, and the broker's user store. */
@Timeout(60)
class ClientIdAndSecurityTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    @Test
    @DisplayName("6.1.2 A client ID is unique among live connections and free again once its connection closes")
    void clientIdsAreUnique() throws JMSException {
        String id = "client-" + UUID.randomUUID();
        Connection first = BROKER.connection();
        first.setClientID(id);
        Connection second = BROKER.connection();
        InvalidClientIDException taken = assertThrows(InvalidClientIDException.class, () -> second.setClientID(id));
        assertFalse(taken.getMessage().isEmpty());
        first.close();
        second.setClientID(id);
        assertEquals(id, second.getClientID());
    }

    @Test
    @DisplayName("6.1.2 A client ID set administratively on the factory cannot be changed and is unique")
    void administrativeClientId() throws JMSException {
        String id = "admin-" + UUID.randomUUID();
        CairnConnectionFactory factory = new CairnConnectionFactory(BROKER.urlWith("clientId=" + id));
        try (Connection connection = factory.createConnection()) {
            assertEquals(id, connection.getClientID());
            assertThrows(IllegalStateException.class, () -> connection.setClientID("other"));
            assertThrows(InvalidClientIDException.class, factory::createConnection,
                    "a second connection cannot hold the same client ID");
        }
        factory.createConnection().close();
    }

    @Test
    @DisplayName("A broker with a user store checks createConnection(user, password); bad credentials are refused")
    void userStore() throws IOException, JMSException {
        Path users = aliceWithPasswordS3cret();
        String name = "secured-" + UUID.randomUUID().toString().substring(0, 8);
        CairnConnectionFactory factory = new CairnConnectionFactory("vm://" + name + "?dataDir=" + dir.resolve("data")
                + "&users=" + users);
        try {
            factory.createConnection("alice", "s3cret").close();
            JMSSecurityException wrong = assertThrows(JMSSecurityException.class,
                    () -> factory.createConnection("alice", "guess"));
            assertFalse(wrong.getMessage().contains("guess"), "a password never appears in a message");
            assertThrows(JMSSecurityException.class, () -> factory.createConnection("mallory", "s3cret"));
            assertThrows(JMSSecurityException.class, factory::createConnection);
        } finally {
            Engines.shutdown(name);
        }
    }

    @Test
    @DisplayName("A broker with a user store and anonymousUser accepts connections without credentials as that user")
    void anonymousUser() throws IOException, JMSException {
        Path users = aliceWithPasswordS3cret();
        String name = "anonymous-" + UUID.randomUUID().toString().substring(0, 8);
        CairnConnectionFactory factory = new CairnConnectionFactory("vm://" + name + "?dataDir=" + dir.resolve("data")
                + "&users=" + users + "&anonymousUser=guest");
        try {
            try (Connection anonymous = factory.createConnection()) {
                Session session = anonymous.createSession();
                Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
                session.createProducer(queue).send(session.createTextMessage("from a guest"));
            }
            try (JMSContext context = factory.createContext()) {
                context.createProducer().send(context.createQueue(EmbeddedBroker.uniqueQueue()), "context");
            }
            factory.createConnection("alice", "s3cret").close();
            assertThrows(JMSSecurityException.class, () -> factory.createConnection("alice", "guess"),
                    "a user who gives credentials is still checked");
            assertThrows(JMSSecurityException.class, () -> factory.createConnection("guest", ""),
                    "the anonymous user is for connections without credentials only");
        } finally {
            Engines.shutdown(name);
        }
    }

    @Test
    @DisplayName("A user store holding a plain-text password is refused at start-up, naming the command that hashes it")
    void plainTextPassword() throws IOException {
        Path users = Files.writeString(dir.resolve("users.properties"), "alice=s3cret\n");
        String url = "vm://plain-" + UUID.randomUUID().toString().substring(0, 8) + "?dataDir=" + dir.resolve("data")
                + "&users=" + users;
        CairnConnectionFactory factory = new CairnConnectionFactory(url);
        JMSException e = assertThrows(JMSException.class, factory::createConnection);
        assertTrue(e.getMessage().contains("hash-password alice"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), "a password never appears in a message");
    }

    /** A user store in which alice's password is s3cret. */
    private Path aliceWithPasswordS3cret() throws IOException {
        return Files.writeString(dir.resolve("users.properties"),
                "alice = " + PasswordHash.of("s3cret".toCharArray()).encoded() + "\n");
    }

    @Test
    @DisplayName("anonymousUser without a user store is a mistake named at start-up")
    void anonymousUserNeedsAUserStore() {
        String url = "vm://anonymous-" + UUID.randomUUID().toString().substring(0, 8) + "?dataDir=" + dir
                + "&anonymousUser=guest";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CairnConnectionFactory(url));
        assertTrue(e.getMessage().contains("anonymousUser") && e.getMessage().contains("users"), e.getMessage());
    }

    @Test
    @DisplayName("JMSContext.setClientID right after createContext(); a second context cannot take the same ID")
    void contextClientId() {
        String clientId = "ctx-" + UUID.randomUUID();
        try (JMSContext first = BROKER.factory().createContext()) {
            first.setClientID(clientId);
            assertEquals(clientId, first.getClientID());
            try (JMSContext second = BROKER.factory().createContext()) {
                assertThrows(InvalidClientIDRuntimeException.class, () -> second.setClientID(clientId));
            }
            assertThrows(IllegalStateRuntimeException.class, () -> first.setClientID("again"),
                    "set once");
            try (JMSContext sibling = first.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                assertEquals(clientId, sibling.getClientID(), "a context made from a context shares its connection");
                assertThrows(IllegalStateRuntimeException.class, () -> sibling.setClientID("other"));
            }
        }
    }

    @Test
    @DisplayName("JMSContext.setClientID after another action on the context is refused")
    void contextClientIdAfterUse() {
        try (JMSContext context = BROKER.factory().createContext()) {
            context.createQueue(EmbeddedBroker.uniqueQueue());
            assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("late-" + UUID.randomUUID()));
        }
    }
}
