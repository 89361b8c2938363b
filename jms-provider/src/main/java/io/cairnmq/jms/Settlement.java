package io.cairnmq.jms;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.jms.xa.Association;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;

import java.util.function.Consumer;

/**
 * When a session's work takes effect, as its {@link AcknowledgeMode} says: a transacted
 * session holds its sends until {@link #commit()}, which acknowledges with them what its
 * consumers delivered, while {@link #rollback()} puts that back; a CLIENT_ACKNOWLEDGE session
 * acknowledges what it consumed on {@code Message.acknowledge()}; {@link #recover()} starts
 * delivery again. A commit or rollback first waits for the session's asynchronous sends. An XA
 * session's work goes to the branch it works in ({@link Association}), and outside one it works
 * as AUTO_ACKNOWLEDGE; its transaction manager settles it through the session's XA resource.
 */
final class Settlement {

    private final AcknowledgeMode mode;
    private final EngineConnection engine;
    private final AsyncSends asyncSends;
    private final SessionConsumers consumers;
    private final LocalTransaction transaction = new LocalTransaction();
    /** An XA session's tie to the branch it works in; null for any other session. */
    private final Association xa;

    Settlement(AcknowledgeMode mode, EngineConnection engine, AsyncSends asyncSends, SessionConsumers consumers,
               Association xa) {
        this.mode = mode;
        this.engine = engine;
        this.asyncSends = asyncSends;
        this.consumers = consumers;
        this.xa = xa;
    }

    /**
     * The mode the session works in now: an XA session's is transacted while it works in a
     * branch, and AUTO_ACKNOWLEDGE outside one; any other session's never changes.
     */
    AcknowledgeMode currentMode() {
        if (xa == null) {
            return mode;
        }
        return xa.settlesInBranch() ? AcknowledgeMode.TRANSACTED : AcknowledgeMode.AUTO;
    }

    /**
     * A consumer handed out a delivery without acknowledging it: in an XA session's branch it
     * is the branch's to acknowledge; in any other session it waits for the commit, rollback,
     * acknowledge or recover as before.
     */
    void delivered(EngineConsumer consumer, io.cairnmq.engine.api.Delivery delivery) {
        if (xa != null) {
            xa.delivered(consumer, delivery);
        }
    }

    /**
     * Whether the consumer of an XA session, being closed, stays open (paused) for a branch that
     * acknowledges some of its deliveries: the branch closes it when it ends.
     */
    boolean keptForBranch(EngineConsumer consumer) {
        return xa != null && xa.keepsOpen(consumer);
    }

    /** Whether this is an XA session's, whose consumers close at once unless a branch keeps them. */
    boolean isXa() {
        return xa != null;
    }

    /**
     * Before a send or a receive: an XA session outside a branch lets its resource adapter's
     * server enlist it first (lazy enlistment), so that the work joins the server's transaction.
     */
    void beforeWork() throws JMSException {
        if (xa != null) {
            xa.beforeWork();
        }
    }

    // ------------------------------------------------------------------ sends

    /** A transacted session keeps the send for its commit, an XA session for its branch; any other sends it now. */
    void send(EngineProducer producer, DestinationName destination, MessageRecord message) {
        if (!held(producer, destination, message)) {
            producer.send(destination, message);
        }
    }

    /**
     * Sends and returns once the message is stored, or, in a transacted session (or an XA
     * session's branch), once it is held for the commit: an asynchronous send then tells its
     * listener (section 7.3).
     */
    void sendConfirmed(EngineProducer producer, DestinationName destination, MessageRecord message) {
        if (!held(producer, destination, message)) {
            producer.send(destination, message);
            producer.flush();
        }
    }

    /** Keeps the send for the session's transaction or the branch its XA session works in; false when it goes now. */
    private boolean held(EngineProducer producer, DestinationName destination, MessageRecord message) {
        if (xa != null) {
            return xa.send(producer, destination, message);
        }
        if (mode == AcknowledgeMode.TRANSACTED) {
            transaction.add(producer, destination, message);
            return true;
        }
        return false;
    }

    /**
     * A closed producer's engine producer: in a transacted session it closes when the
     * transaction ends, since its sends are part of it (section 6.2.8); otherwise now.
     */
    void producerClosed(EngineProducer producer) {
        if (xa != null) {
            if (!xa.keepsOpen(producer)) {
                producer.close();
            }
            return;
        }
        if (mode == AcknowledgeMode.TRANSACTED) {
            transaction.closeAtEnd(producer);
        } else {
            producer.close();
        }
    }

    // ------------------------------------------------------------------ transactions and acknowledgement

    /** Sends are stored and everything consumed is acknowledged; on failure, all is rolled back. */
    void commit() throws JMSException {
        if (mode != AcknowledgeMode.TRANSACTED) {
            throw new IllegalStateException("commit() is only for transacted sessions; this one is not transacted");
        }
        asyncSends.awaitAll();
        TransactionWork work = transaction.take();
        consumers.forEachEngine(work::acknowledge);
        try {
            engine.commit(work);
        } catch (EngineException e) {
            // Rolled back, or in doubt and resolved in the background: either way the consumers
            // start again from what they had not handed out.
            endTransaction(EngineConsumer::recover);
            throw JmsErrors.toJms(e);
        }
        endTransaction(consumer -> { });
    }

    void rollback() throws JMSException {
        if (mode != AcknowledgeMode.TRANSACTED) {
            throw new IllegalStateException("rollback() is only for transacted sessions; this one is not transacted");
        }
        asyncSends.awaitAll();
        endTransaction(EngineConsumer::recover);
    }

    /**
     * A transaction ended: every consumer settles (a retired one then closes for good) and the
     * producers closed inside it close.
     */
    private void endTransaction(Consumer<EngineConsumer> settlement) throws JMSException {
        try {
            consumers.settle(settlement);
        } finally {
            transaction.end();
        }
    }

    /** Starts delivery again from the oldest unacknowledged message (section 6.2.11). */
    void recover() throws JMSException {
        if (xa != null && xa.involvedInBranch()) {
            throw new IllegalStateException("recover() is refused while the XA session works in a branch or is"
                    + " suspended from one: what it received belongs to that branch");
        }
        if (currentMode() == AcknowledgeMode.TRANSACTED) {
            throw new IllegalStateException("recover() is not for transacted sessions; use rollback()");
        }
        consumers.settle(EngineConsumer::recover);
    }

    /**
     * {@code Message.acknowledge()}: in CLIENT_ACKNOWLEDGE, acknowledges every message the
     * session has consumed; ignored in the other modes.
     */
    void acknowledgeConsumed() throws JMSException {
        if (mode == AcknowledgeMode.CLIENT) {
            consumers.settle(EngineConsumer::acknowledgeAll);
        }
    }

    /**
     * The session closed, its consumers and producers first. A transacted session that closes
     * rolls back: its sends are dropped, and the engine producers kept for them close now.
     */
    void sessionClosed() {
        transaction.end();
        if (xa != null) {
            xa.sessionClosed();
        }
    }
}
