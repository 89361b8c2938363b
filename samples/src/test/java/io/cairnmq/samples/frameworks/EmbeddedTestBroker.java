package io.cairnmq.samples.frameworks;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded broker of one test class, with its data in a directory the class owns, and the
 * plain JMS calls the framework tests use to feed and inspect it: what a test checks goes
 * through the framework, what it sets up or counts does not.
 */
final class EmbeddedTestBroker implements AutoCloseable {

    /** The int property that numbers the messages a test sends, 0 upwards. */
    static final String SEQUENCE = "seq";

    private final CairnConnectionFactory factory;
    private final String brokerName;

    EmbeddedTestBroker(String name, Path dataDir) {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        brokerName = unique;
        // What these tests check does not depend on the disk, and a commit that waits for it
        // costs about 0.5 ms: SpringListenerContainerStopStartTest (5,000 transactions) took 17 s
        // with the default sync journal, 3 s with this one.
        factory = new CairnConnectionFactory("vm://" + unique + "?journal=async&dataDir=" + dataDir);
    }

    /** The plain factory, as an application would hand it to a framework. */
    CairnConnectionFactory factory() {
        return factory;
    }

    /** A destination name no other test uses. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    void send(String queue, String text) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        }
    }

    /** Sends messages numbered {@code from} to {@code from + count - 1}, counting each in {@code sent}. */
    void sendNumbered(String queue, int from, int count, AtomicInteger sent) throws JMSException {
        sendNumbered(queue, false, from, count, sent);
    }

    void publishNumbered(String topic, int from, int count) throws JMSException {
        sendNumbered(topic, true, from, count, new AtomicInteger());
    }

    private void sendNumbered(String name, boolean topic, int from, int count, AtomicInteger sent)
            throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            Destination destination = topic ? session.createTopic(name) : session.createQueue(name);
            MessageProducer producer = session.createProducer(destination);
            for (int seq = from; seq < from + count; seq++) {
                TextMessage message = session.createTextMessage("message " + seq);
                message.setIntProperty(SEQUENCE, seq);
                producer.send(message);
                sent.incrementAndGet();
            }
        }
    }

    /** The next message of a queue, or null after ten seconds. */
    Message receive(String queue) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            connection.start();
            return session.createConsumer(session.createQueue(queue)).receive(10_000);
        }
    }

    /**
     * Every message the queue holds, waiting or leased to a consumer and not acknowledged: the
     * broker's own count, which a browser (it shows waiting messages only) would understate.
     */
    long depth(String queue) {
        return Engines.find(brokerName).stats(DestinationName.queue(queue)).depth();
    }

    void unsubscribe(String clientId, String subscription) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(clientId);
            connection.createSession().unsubscribe(subscription);
        }
    }

    /** Stops the broker; its data directory is then free to delete. */
    @Override
    public void close() {
        factory.shutdownBroker();
    }
}
