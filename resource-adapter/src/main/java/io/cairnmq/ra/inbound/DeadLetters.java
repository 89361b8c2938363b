package io.cairnmq.ra.inbound;

import io.cairnmq.engine.api.MovedMessages;
import io.cairnmq.jms.CairnXASession;
import io.cairnmq.jms.message.CairnMessage;
import io.cairnmq.jms.message.ForeignMessages;
import io.cairnmq.jms.xa.BranchId;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * An activation's redelivery limit: a message that has come {@code maxDeliveryAttempts} times
 * without its endpoint completing it is not delivered again but moved to the dead-letter queue,
 * with properties saying where it came from, why and after how many attempts. The move is one
 * transaction of the delivery session, so the message is in exactly one of the two queues: a
 * branch of its own on a transacted activation's XA session, a local commit otherwise. Without a
 * dead-letter queue the message is dropped, with a log line.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** The format of the XA branches in which the adapter moves messages itself ("CRMQ"). */
    private static final int MOVE_FORMAT = 0x43524D51;
    static final String ORIGINAL_DESTINATION = MovedMessages.ORIGINAL_DESTINATION;
    static final String ORIGINAL_MESSAGE_ID = MovedMessages.ORIGINAL_MESSAGE_ID;
    static final String REASON = MovedMessages.REASON;
    static final String DELIVERY_ATTEMPTS = MovedMessages.DELIVERY_ATTEMPTS;

    private final ActivationSettings settings;

    DeadLetters(ActivationSettings settings) {
        this.settings = settings;
    }

    /** Whether the message has been delivered as often as the activation allows, and goes no further. */
    boolean exhausted(Message message) throws JMSException {
        return settings.maxDeliveryAttempts() > 0
                && message.getIntProperty(CairnMessage.DELIVERY_COUNT) > settings.maxDeliveryAttempts();
    }

    /** Moves the message in one transaction of {@code session} (see the class comment). */
    void move(Session session, Message message) throws JMSException {
        int attempts = message.getIntProperty(CairnMessage.DELIVERY_COUNT) - 1;
        String reason = "delivered " + attempts + " times without its endpoint completing it (maxDeliveryAttempts "
                + settings.maxDeliveryAttempts() + " of the activation on " + settings.destination() + ")";
        Message copy = settings.deadLetterQueue().isEmpty() ? null : copyOf(message, attempts, reason);
        if (session instanceof CairnXASession xa) {
            moveInOwnBranch(xa, copy);
        } else {
            send(session, copy);
            session.commit();
        }
        if (copy == null) {
            LOG.warn("Dropped message {}: {}; the activation has no dead-letter queue", message.getJMSMessageID(), reason);
        } else {
            LOG.warn("Moved message {} to {}: {}", message.getJMSMessageID(), settings.deadLetterQueue(), reason);
        }
    }

    private Message copyOf(Message message, int attempts, String reason) throws JMSException {
        CairnMessage copy = ForeignMessages.copyOf(message);
        copy.setJMSDeliveryMode(message.getJMSDeliveryMode());
        copy.setJMSPriority(message.getJMSPriority());
        copy.setStringProperty(ORIGINAL_DESTINATION, settings.destination());
        copy.setStringProperty(ORIGINAL_MESSAGE_ID, message.getJMSMessageID());
        copy.setStringProperty(REASON, reason);
        copy.setIntProperty(DELIVERY_ATTEMPTS, attempts);
        return copy;
    }

    private void send(Session session, Message copy) throws JMSException {
        if (copy == null) {
            return;
        }
        Destination queue = session.createQueue(settings.deadLetterQueue());
        try (MessageProducer producer = session.createProducer(queue)) {
            producer.send(copy, copy.getJMSDeliveryMode(), copy.getJMSPriority(), 0);
        }
    }

    /**
     * The message the session holds for its next branch joins this one, acknowledged with the
     * copy's send when the branch commits (one phase: the adapter is the only party).
     */
    private void moveInOwnBranch(CairnXASession session, Message copy) throws JMSException {
        XAResource resource = session.getXAResource();
        BranchId xid = new BranchId(MOVE_FORMAT, uuid(), new byte[] {1});
        try {
            resource.start(xid, XAResource.TMNOFLAGS);
            try {
                send(session, copy);
            } finally {
                resource.end(xid, XAResource.TMSUCCESS);
            }
            resource.commit(xid, true);
        } catch (XAException e) {
            if (e.errorCode == XAException.XA_HEURHAZ) {
                // The broker finishes this commit all or nothing: the message moves, or comes again.
                forgetQuietly(resource, xid);
                JMSException failure = new JMSException("The move to the dead-letter queue is not confirmed yet; the"
                        + " broker completes it, or the message comes again");
                failure.setLinkedException(e);
                throw failure;
            }
            rollbackQuietly(resource, xid);
            JMSException failure = new JMSException("Moving a message to the dead-letter queue failed (XA code "
                    + e.errorCode + "); it stays where it was");
            failure.setLinkedException(e);
            throw failure;
        } catch (JMSException | RuntimeException e) {
            rollbackQuietly(resource, xid);
            throw e;
        }
    }

    private static void forgetQuietly(XAResource resource, BranchId xid) {
        try {
            resource.forget(xid);
        } catch (XAException e) {
            LOG.debug("Forgetting the dead-letter branch {} failed: {}", xid, e.errorCode);
        }
    }

    private static void rollbackQuietly(XAResource resource, BranchId xid) {
        try {
            resource.rollback(xid);
        } catch (XAException e) {
            LOG.debug("Rolling back the dead-letter branch {} failed: {}", xid, e.errorCode);
        }
    }

    private static byte[] uuid() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
