package io.cairnmq.tck.jndi;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chapter 5 "Administered objects": an application that knows only jakarta.jms and JNDI finds
 * its factory and queue by the names in its environment, exactly as with ActiveMQ or Artemis.
 */
@Timeout(30)
class LegacyJndiTest {

    @TempDir
    Path dataDir;
    private String broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            io.cairnmq.engine.api.Engines.shutdown(broker);
        }
    }

    @Test
    @DisplayName("5 Administered objects: connectionFactory.NAME and queue.NAME from the JNDI environment")
    void legacyApplicationRunsOnJndiAlone() throws NamingException, JMSException {
        broker = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.cairnmq.jms.jndi.CairnInitialContextFactory");
        env.put("connectionFactory.ConnectionFactory", "vm://" + broker + "?dataDir=" + dataDir);
        env.put("queue.OrderQueue", "orders");
        Context jndi = new InitialContext(env);
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue queue = (Queue) jndi.lookup("OrderQueue");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(queue).send(session.createTextMessage("legacy order"));
            connection.start();
            TextMessage got = (TextMessage) session.createConsumer(
                    (Queue) jndi.lookup("dynamicQueues/orders")).receive(5_000);
            assertEquals("legacy order", got.getText());
        } finally {
            jndi.close();
        }
    }

    @Test
    @DisplayName("5 Administered objects: topic.NAME, dynamicTopics/NAME and a TopicConnectionFactory")
    void legacyPublishSubscribeRunsOnJndiAlone() throws NamingException, JMSException {
        broker = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.cairnmq.jms.jndi.CairnInitialContextFactory");
        env.put("connectionFactory.TopicConnectionFactory", "vm://" + broker + "?dataDir=" + dataDir);
        env.put("topic.PriceTopic", "prices");
        Context jndi = new InitialContext(env);
        TopicConnectionFactory factory = (TopicConnectionFactory) jndi.lookup("TopicConnectionFactory");
        Topic topic = (Topic) jndi.lookup("PriceTopic");
        assertEquals("prices", topic.getTopicName());
        assertEquals(topic, jndi.lookup("dynamicTopics/prices"));
        try (TopicConnection connection = factory.createTopicConnection()) {
            TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicSubscriber subscriber = session.createSubscriber(topic);
            connection.start();
            session.createPublisher(topic).publish(session.createTextMessage("legacy price"));
            assertEquals("legacy price", ((TextMessage) subscriber.receive(5_000)).getText());
        } finally {
            jndi.close();
        }
    }
}
