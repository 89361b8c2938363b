package io.cairnmq.tck.connection;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Jakarta Messaging 3.1, section 2.10 and the javadoc of {@code QueueSession},
 * {@code TopicSession} and {@code QueueConnection}: the domain-specific objects refuse the
 * other domain's methods with {@code IllegalStateException}; unified sessions take both.
 */
@Timeout(30)
class DomainInterfacesTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("A QueueSession refuses the publish/subscribe methods it inherits from Session")
    void queueSessionRefusesTopics() throws Exception {
        QueueConnection connection = BROKER.factory().createQueueConnection();
        try {
            // With a client ID, a durable subscriber would be allowed but for the domain.
            connection.setClientID(EmbeddedBroker.unique("queue-domain"));
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = BROKER.connection().createSession().createTopic(EmbeddedBroker.unique("t"));
            Map<String, Executable> refused = new LinkedHashMap<>();
            refused.put("createDurableSubscriber", () -> session.createDurableSubscriber(topic, "s"));
            refused.put("createDurableSubscriber(selector)",
                    () -> session.createDurableSubscriber(topic, "s", null, false));
            refused.put("createDurableConsumer", () -> session.createDurableConsumer(topic, "s"));
            refused.put("createDurableConsumer(selector)",
                    () -> session.createDurableConsumer(topic, "s", null, false));
            refused.put("createSharedConsumer", () -> session.createSharedConsumer(topic, "s"));
            refused.put("createSharedConsumer(selector)", () -> session.createSharedConsumer(topic, "s", null));
            refused.put("createSharedDurableConsumer", () -> session.createSharedDurableConsumer(topic, "s"));
            refused.put("createSharedDurableConsumer(selector)",
                    () -> session.createSharedDurableConsumer(topic, "s", null));
            refused.put("createTemporaryTopic", session::createTemporaryTopic);
            refused.put("createTopic", () -> session.createTopic("t"));
            refused.put("unsubscribe", () -> session.unsubscribe("s"));
            assertRefused(refused);
            // Its own domain works.
            Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
            assertNotNull(session.createBrowser(queue));
            assertNotNull(session.createTemporaryQueue());
        } finally {
            connection.close();
        }
    }

    @Test
    @DisplayName("A TopicSession refuses the point-to-point methods it inherits from Session")
    void topicSessionRefusesQueues() throws Exception {
        TopicConnection connection = BROKER.factory().createTopicConnection();
        try {
            TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = BROKER.connection().createSession().createQueue(EmbeddedBroker.uniqueQueue());
            Map<String, Executable> refused = new LinkedHashMap<>();
            refused.put("createBrowser", () -> session.createBrowser(queue));
            refused.put("createBrowser(selector)", () -> session.createBrowser(queue, "a = 1"));
            refused.put("createQueue", () -> session.createQueue("q"));
            refused.put("createTemporaryQueue", session::createTemporaryQueue);
            assertRefused(refused);
            // Its own domain works.
            Topic topic = session.createTopic(EmbeddedBroker.unique("t"));
            assertNotNull(session.createSubscriber(topic));
            assertNotNull(session.createTemporaryTopic());
        } finally {
            connection.close();
        }
    }

    @Test
    @DisplayName("A QueueConnection refuses createDurableConnectionConsumer")
    void queueConnectionRefusesDurableConnectionConsumers() throws Exception {
        QueueConnection connection = BROKER.factory().createQueueConnection();
        try {
            Topic topic = BROKER.connection().createSession().createTopic(EmbeddedBroker.unique("t"));
            assertThrows(IllegalStateException.class,
                    () -> connection.createDurableConnectionConsumer(topic, "s", null, null, 1));
        } finally {
            connection.close();
        }
    }

    @Test
    @DisplayName("A session made with Connection.createSession takes both domains")
    void unifiedSessionTakesBoth() throws Exception {
        Session session = BROKER.connection().createSession();
        assertNotNull(session.createTemporaryTopic());
        assertNotNull(session.createTemporaryQueue());
        assertNotNull(session.createBrowser(session.createQueue(EmbeddedBroker.uniqueQueue())));
        assertNotNull(session.createTopic(EmbeddedBroker.unique("t")));
    }

    private static void assertRefused(Map<String, Executable> calls) {
        assertAll(calls.entrySet().stream().map(call -> () ->
                assertThrows(IllegalStateException.class, call.getValue(), call.getKey() + " must be refused")));
    }
}
