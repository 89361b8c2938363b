package io.cairnmq.jms;

import io.cairnmq.jms.xa.Association;
import io.cairnmq.jms.xa.LazyEnlistment;
import io.cairnmq.jms.xa.CairnXAResource;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;

import javax.transaction.xa.XAResource;

/**
 * A session whose transactions its transaction manager runs through {@link #getXAResource()}.
 * While the resource ties it to a branch, what it sends and receives belongs to that branch;
 * outside one it works as AUTO_ACKNOWLEDGE, every send and receive taking effect at once, as an
 * application server's session used outside a JTA transaction does.
 */
public final class CairnXASession extends CairnSession implements XASession, XAQueueSession, XATopicSession {

    private final CairnXAResource resource;
    private final Association association;

    CairnXASession(CairnConnection connection, Domain domain, Association association) {
        super(connection, AcknowledgeMode.AUTO, domain, association);
        this.association = association;
        this.resource = new CairnXAResource(association);
    }

    /**
     * For a resource adapter whose container starts the transaction only after the message was
     * received (it enlists this session's resource in {@code beforeDelivery}): while on, what the
     * session receives outside a branch is held, not acknowledged, and becomes part of the next
     * branch started on it. Off, the session works as AUTO_ACKNOWLEDGE outside a branch.
     */
    public void holdDeliveriesForNextBranch(boolean hold) {
        association.holdForNextBranch(hold);
    }

    /**
     * For a resource adapter whose server enlists connections lazily (JCA): {@code enlistment}
     * runs before each send or receive made outside a branch, so that the server can enlist the
     * session's XA resource in its transaction first and the work joins it.
     */
    public void enlistLazily(LazyEnlistment enlistment) {
        association.enlistLazily(enlistment);
    }

    /**
     * Whether the session's work belongs to a branch now (it works in one, or holds what it
     * receives for the next): transacted; otherwise it works as AUTO_ACKNOWLEDGE.
     */
    public boolean settlesInBranch() {
        return association.settlesInBranch();
    }

    /** What the session holds for its next branch goes back to its queues, marked redelivered. */
    public void releaseHeldDeliveries() {
        association.releaseHeld();
    }

    @Override
    public Session getSession() throws JMSException {
        ensureOpen();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        ensureOpen();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        ensureOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        ensureOpen();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        ensureOpen();
        return Session.SESSION_TRANSACTED;
    }

    @Override
    public void commit() throws JMSException {
        ensureOpen();
        throw new TransactionInProgressException("An XA session's transaction is committed by its transaction manager"
                + " through the session's XAResource, not by commit()");
    }

    @Override
    public void rollback() throws JMSException {
        ensureOpen();
        throw new TransactionInProgressException("An XA session's transaction is rolled back by its transaction"
                + " manager through the session's XAResource, not by rollback()");
    }
}
