package io.cairnmq.tck.connection;

import io.cairnmq.engine.api.Engines;
import io.cairnmq.engine.net.FreePorts;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded default: vm://NAME lives with the JVM, and members in one JVM can form one broker. */
@Timeout(60)
class EmbeddedBrokerTest {

    @TempDir
    Path dataDir;
    private final String a = "emb-a-" + UUID.randomUUID().toString().substring(0, 8);
    private final String b = "emb-b-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() {
        Engines.shutdown(a);
        Engines.shutdown(b);
    }

    @Test
    @DisplayName("Closing the last connection keeps the queues; an explicit shutdown stops the broker")
    void queuesOutliveConnections() throws JMSException {
        CairnConnectionFactory factory = new CairnConnectionFactory("vm://" + a + "?dataDir=" + dataDir.resolve("a"));
        try (Connection first = factory.createConnection()) {
            Session session = first.createSession();
            session.createProducer(session.createQueue("kept")).send(session.createTextMessage("still here"));
        }
        assertTrue(Engines.names().contains(a), "no connection is open, the broker still runs");
        assertTrue(dataDir.resolve("a").toFile().isDirectory(), "it made its data directory");
        try (Connection second = factory.createConnection()) {
            Session session = second.createSession();
            second.start();
            TextMessage got = (TextMessage) session.createConsumer(session.createQueue("kept")).receive(5_000);
            assertEquals("still here", got.getText());
        }
        factory.shutdownBroker();
        assertFalse(Engines.names().contains(a));
    }

    @Test
    @DisplayName("Two embedded members named in each other's URL form one broker")
    void twoMembersInOneJvmShareTheirQueues() throws Exception {
        int portA = FreePorts.take("127.0.0.1");
        int portB = FreePorts.take("127.0.0.1");
        String cluster = "emb-" + UUID.randomUUID();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        CairnConnectionFactory onA = new CairnConnectionFactory("vm://" + a + "?cluster=" + cluster + "&port=" + portA
                + "&members=" + members + "&dataDir=" + dataDir.resolve("a"));
        CairnConnectionFactory onB = new CairnConnectionFactory("vm://" + b + "?cluster=" + cluster + "&port=" + portB
                + "&members=" + members + "&dataDir=" + dataDir.resolve("b"));
        try (Connection producing = onA.createConnection(); Connection consuming = onB.createConnection()) {
            Session sending = producing.createSession();
            Queue queue = sending.createQueue("shared");
            sending.createProducer(queue).send(sending.createTextMessage("from a"));
            Session receiving = consuming.createSession();
            consuming.start();
            TextMessage got = (TextMessage) receiving.createConsumer(queue).receive(10_000);
            assertEquals("from a", got.getText());
        }
    }
}
