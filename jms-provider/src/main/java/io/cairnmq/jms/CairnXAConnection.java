package io.cairnmq.jms;

import io.cairnmq.engine.api.Engine;
import io.cairnmq.jms.config.ConnectionConfig;
import io.cairnmq.jms.xa.Association;
import io.cairnmq.jms.xa.Branches;
import jakarta.jms.JMSException;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * A connection whose XA sessions work in transaction branches. The branches not prepared yet
 * live with the connection ({@link Branches}) and end with it; {@code createSession} still makes
 * an ordinary session (its use on an XA connection is left open by the specification).
 */
public final class CairnXAConnection extends CairnConnection implements XAQueueConnection, XATopicConnection {

    private final Branches branches;

    CairnXAConnection(ConnectionConfig config, Engine broker, String user, String password, Domain domain) {
        super(config, broker, user, password, domain);
        this.branches = new Branches(engine());
    }

    @Override
    public XASession createXASession() throws JMSException {
        return openXaSession(Domain.UNIFIED);
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        ensureOpen();
        domain().requireQueues("createXAQueueSession");
        return openXaSession(Domain.QUEUE);
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        ensureOpen();
        domain().requireTopics("createXATopicSession");
        return openXaSession(Domain.TOPIC);
    }

    /** An XA session; a JMSContext opens its own through here without locking the client ID. */
    CairnXASession openXaSession(Domain sessionDomain, boolean lockClientId) throws JMSException {
        ensureOpen();
        if (lockClientId) {
            lockClientId();
        }
        return openSession(() -> new CairnXASession(this, sessionDomain, new Association(branches)));
    }

    private CairnXASession openXaSession(Domain sessionDomain) throws JMSException {
        return openXaSession(sessionDomain, true);
    }

    /** Its branches not prepared yet end with it: the engine gives back what they received. */
    @Override
    public void close() throws JMSException {
        try {
            super.close();
        } finally {
            branches.connectionClosed();
        }
    }
}
