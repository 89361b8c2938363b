package io.cairnmq.jms;

import io.cairnmq.engine.api.Engine;
import io.cairnmq.jms.remote.RemoteEngine;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.config.ConnectionConfig;
import io.cairnmq.jms.config.ConnectionUrlParser;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;

import java.io.Serializable;

/**
 * The entry point: {@code new CairnConnectionFactory("vm://NAME")} starts (or reuses) the
 * embedded broker named NAME on the first connection. The URL is checked when the factory is
 * made, so a mistake shows up at once.
 */
public class CairnConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable {

    private static final long serialVersionUID = 1L;

    private final String url;
    private transient ConnectionConfig config;

    /** A factory for {@code vm://default}. */
    public CairnConnectionFactory() {
        this(ConnectionUrlParser.DEFAULT_URL);
    }

    /**
     * @throws IllegalArgumentException when the URL or one of its options is wrong; the
     *                                  message says which and what is expected
     */
    public CairnConnectionFactory(String url) {
        this.config = ConnectionUrlParser.parse(url);
        this.url = config.url();
    }

    public String getUrl() {
        return url;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return createConnection(null, null);
    }

    /**
     * Checked against the broker's user store; without one, every connection is accepted.
     * Without credentials, a broker with a user store accepts the connection as its
     * {@code anonymousUser}, if it has one.
     */
    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return open(userName, password, Domain.UNIFIED);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return createQueueConnection(null, null);
    }

    /**
     * @throws jakarta.jms.JMSSecurityException when the broker has a user store and the
     *                                          credentials do not match it
     */
    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return open(userName, password, Domain.QUEUE);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return createTopicConnection(null, null);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return open(userName, password, Domain.TOPIC);
    }

    private CairnConnection open(String userName, String password, Domain domain) throws JMSException {
        return open((target, engine) -> new CairnConnection(target, engine, userName, password, domain));
    }

    /** How a connection of one kind (plain or XA) is made on the engine the URL names. */
    interface ConnectionMaker<C extends CairnConnection> {
        C make(ConnectionConfig target, Engine engine);
    }

    /** A connection to the engine the URL names: the embedded broker, or a remote node. */
    <C extends CairnConnection> C open(ConnectionMaker<C> maker) throws JMSException {
        try {
            ConnectionConfig target = connectionConfig();
            Engine engine = target.remote() != null ? new RemoteEngine(target.remote()) : Engines.obtain(target.broker());
            return maker.make(target, engine);
        } catch (RuntimeException e) {
            throw JmsErrors.toJms(e);
        }
    }

    @Override
    public JMSContext createContext() {
        return createContext(null, null, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        CairnConnection connection = (CairnConnection) JmsRuntime.call(() -> createConnection(userName, password));
        try {
            return new CairnJMSContext(connection, sessionMode);
        } catch (RuntimeException e) {
            JmsRuntime.run(connection::close);
            throw e;
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(null, null, sessionMode);
    }

    /**
     * Shuts down the embedded broker this factory's URL names, if it runs in this JVM. Its
     * in-memory messages are gone afterwards.
     */
    public void shutdownBroker() {
        ConnectionConfig target = connectionConfig();
        if (target.broker() != null) {
            Engines.shutdown(target.broker().name());
        }
    }

    ConnectionConfig connectionConfig() {
        if (config == null) {
            config = ConnectionUrlParser.parse(url);
        }
        return config;
    }

    @Override
    public String toString() {
        return "CairnConnectionFactory{" + url + "}";
    }
}
