package io.cairnmq.ra.inbound;

import io.cairnmq.jms.CairnXASession;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAResource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One session delivering to one endpoint, on a thread of the server's work manager: it waits for
 * a message (using no processor while none comes), then hands it to the endpoint. A transacted
 * endpoint gets it inside the container's transaction: the message, received before, is held
 * by the XA session and becomes part of the branch the container starts in
 * {@code beforeDelivery}, so it is acknowledged only if that transaction commits. A
 * non-transacted endpoint's message is acknowledged once {@code onMessage} returns, and comes
 * again if it throws (each delivery is a local transaction of the session). A message that has
 * come more often than the activation allows goes to the dead-letter queue instead.
 */
final class DeliveryWorker implements Work {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final EndpointActivation activation;
    private final Connection connection;
    private final MessageEndpointFactory factory;
    private final boolean transacted;
    private final DeadLetters deadLetters;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Counted down by {@link #stop()}: ends the pause after a failed dead-letter move. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile MessageConsumer consumer;
    private volatile boolean stopping;

    DeliveryWorker(EndpointActivation activation, Connection connection, MessageEndpointFactory factory,
                   boolean transacted) {
        this.activation = activation;
        this.connection = connection;
        this.factory = factory;
        this.transacted = transacted;
        this.deadLetters = new DeadLetters(activation.settings());
    }

    @Override
    public void run() {
        MessageEndpoint endpoint = null;
        Session session = null;
        try {
            XAResource resource = null;
            if (transacted) {
                CairnXASession xa = (CairnXASession) ((XAConnection) connection).createXASession();
                xa.holdDeliveriesForNextBranch(true);
                resource = xa.getXAResource();
                session = xa;
            } else {
                // A local transaction per message: acknowledged once onMessage returns, and a move
                // to the dead-letter queue is atomic.
                session = connection.createSession(true, Session.SESSION_TRANSACTED);
            }
            consumer = consumerOn(session);
            if (stopping) {
                return;
            }
            endpoint = factory.createEndpoint(resource);
            Message message;
            while (!stopping && (message = consumer.receive()) != null) {
                if (deadLetters.exhausted(message)) {
                    moveToDeadLetters(session, message);
                } else if (transacted) {
                    deliverInTransaction(endpoint, (CairnXASession) session, message);
                } else {
                    deliver(endpoint, session, message);
                }
            }
        } catch (JMSException | ResourceException | RuntimeException e) {
            if (!stopping) {
                activation.connectionFailed("a delivery session failed: " + e);
            }
        } finally {
            if (endpoint != null) {
                endpoint.release();
            }
            closeQuietly(session);
            ended.countDown();
        }
    }

    private MessageConsumer consumerOn(Session session) throws JMSException {
        ActivationSettings s = activation.settings();
        Destination destination = s.topic() ? session.createTopic(s.destination()) : session.createQueue(s.destination());
        if (!s.topic()) {
            return session.createConsumer(destination, s.selector());
        }
        Topic topic = (Topic) destination;
        if (s.durable()) {
            return s.shared() ? session.createSharedDurableConsumer(topic, s.subscriptionName(), s.selector())
                    : session.createDurableConsumer(topic, s.subscriptionName(), s.selector(), false);
        }
        return s.shared() ? session.createSharedConsumer(topic, s.subscriptionName(), s.selector())
                : session.createConsumer(topic, s.selector());
    }

    /**
     * The container enlists the session's resource in {@code beforeDelivery} (the held message
     * joins that branch) and commits or rolls back in {@code afterDelivery}. A message the
     * container did not take into a transaction goes back, marked redelivered.
     */
    private void deliverInTransaction(MessageEndpoint endpoint, CairnXASession session, Message message) {
        try {
            endpoint.beforeDelivery(EndpointActivation.ON_MESSAGE);
        } catch (ResourceException | NoSuchMethodException | RuntimeException e) {
            LOG.warn("The container could not begin the delivery of {}: {}; it comes again", id(message), e.toString());
            session.releaseHeldDeliveries();
            return;
        }
        try {
            ((MessageListener) endpoint).onMessage(message);
        } catch (RuntimeException e) {
            // The container rolls its transaction back: the message comes again.
            LOG.debug("The endpoint threw on {}: {}", id(message), e.toString());
        } finally {
            try {
                endpoint.afterDelivery();
            } catch (ResourceException | RuntimeException e) {
                LOG.warn("The container could not end the delivery of {}: {}", id(message), e.toString());
            }
            session.releaseHeldDeliveries();
        }
    }

    private void deliver(MessageEndpoint endpoint, Session session, Message message) throws JMSException {
        try {
            ((MessageListener) endpoint).onMessage(message);
        } catch (RuntimeException e) {
            LOG.debug("The endpoint threw on {}: {}; it comes again", id(message), e.toString());
            session.rollback();
            return;
        }
        session.commit();
    }

    /**
     * A message delivered as often as the activation allows goes to the dead-letter queue. If
     * that fails, it stays in its queue and comes again; this session waits for the reconnect
     * interval first, so that a move that keeps failing does not spin.
     */
    private void moveToDeadLetters(Session session, Message message) {
        try {
            deadLetters.move(session, message);
        } catch (JMSException | RuntimeException e) {
            LOG.warn("Could not move {} to the dead-letter queue: {}", id(message), e.toString());
            rollBackLocalTransaction(session);
            try {
                stopped.await(activation.settings().reconnectIntervalMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                stop();
            }
        } finally {
            if (session instanceof CairnXASession xa) {
                xa.releaseHeldDeliveries();
            }
        }
    }

    private static void rollBackLocalTransaction(Session session) {
        if (session instanceof CairnXASession) {
            return; // its branch was rolled back already
        }
        try {
            session.rollback();
        } catch (JMSException e) {
            LOG.debug("Rolling back a failed dead-letter move failed: {}", e.getMessage());
        }
    }

    /** No message after the one under way: the consumer closes, and its receive returns. */
    void stop() {
        stopping = true;
        stopped.countDown();
        MessageConsumer current = consumer;
        if (current != null) {
            try {
                current.close();
            } catch (JMSException e) {
                LOG.debug("Closing a delivery consumer failed: {}", e.getMessage());
            }
        }
    }

    boolean awaitEnd(long nanos) {
        try {
            return ended.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void release() {
        stop();
    }

    private static String id(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "a message";
        }
    }

    private static void closeQuietly(Session session) {
        if (session != null) {
            try {
                session.close();
            } catch (JMSException e) {
                LOG.debug("Closing a delivery session failed: {}", e.getMessage());
            }
        }
    }
}
