package io.cairnmq.jms;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;

/**
 * The factory a transaction manager or an application server uses: its connections make XA
 * sessions whose transactions the manager runs. It takes the same URLs as
 * {@link CairnConnectionFactory}, embedded and remote, and makes ordinary connections too.
 */
public class CairnXAConnectionFactory extends CairnConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {

    private static final long serialVersionUID = 1L;

    /** A factory for {@code vm://default}. */
    public CairnXAConnectionFactory() {
        super();
    }

    /** @throws IllegalArgumentException when the URL or one of its options is wrong */
    public CairnXAConnectionFactory(String url) {
        super(url);
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return createXAConnection(null, null);
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return openXa(userName, password, Domain.UNIFIED);
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return createXAQueueConnection(null, null);
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return openXa(userName, password, Domain.QUEUE);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return createXATopicConnection(null, null);
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return openXa(userName, password, Domain.TOPIC);
    }

    @Override
    public XAJMSContext createXAContext() {
        return createXAContext(null, null);
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        CairnXAConnection connection = JmsRuntime.call(() -> openXa(userName, password, Domain.UNIFIED));
        try {
            return new CairnXAJMSContext(connection);
        } catch (RuntimeException e) {
            JmsRuntime.run(connection::close);
            throw e;
        }
    }

    private CairnXAConnection openXa(String userName, String password, Domain domain) throws JMSException {
        return open((target, engine) -> new CairnXAConnection(target, engine, userName, password, domain));
    }

    @Override
    public String toString() {
        return "CairnXAConnectionFactory{" + getUrl() + "}";
    }
}
