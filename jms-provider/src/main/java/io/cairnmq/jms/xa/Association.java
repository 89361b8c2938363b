package io.cairnmq.jms.xa;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;

/**
 * An XA session's tie to the branch it works in now, if any: while it has one, what the
 * session sends and receives belongs to that branch; without one the session works as
 * AUTO_ACKNOWLEDGE, every send and receive taking effect at once.
 */
public final class Association {

    private final Branches branches;
    /** Set and cleared by {@link Branches} under its lock; read by the session's threads. */
    volatile Branch current;
    /** Whether deliveries outside a branch are held for the next one (see {@link #holdForNextBranch}). */
    private volatile boolean holding;
    /** Called before work outside a branch, so that a server can enlist the session lazily; null: none. */
    private volatile LazyEnlistment enlistment;
    /** Deliveries held for the next branch, by consumer; guarded by {@link Branches}' lock. */
    final java.util.Map<EngineConsumer, java.util.List<Delivery>> held = new java.util.IdentityHashMap<>();
    /** Consumers closed while they had held deliveries: the next branch closes them when it ends. */
    final java.util.Set<EngineConsumer> heldConsumersToClose =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public Association(Branches branches) {
        this.branches = branches;
        branches.opened(this);
    }

    /** Its session closed: what it holds for a next branch goes back, and its connection forgets it. */
    public void sessionClosed() {
        releaseHeld();
        branches.closed(this);
    }

    /** Whether its session works in a branch or is suspended from one: its receives and recover belong to a branch. */
    public boolean involvedInBranch() {
        return branches.involved(this);
    }

    /**
     * Whether the session's receives wait to be settled by a branch: while it works in one, or
     * while it holds deliveries for the next.
     */
    public boolean settlesInBranch() {
        return current != null || holding;
    }

    /**
     * For a resource adapter whose container starts the transaction after the message was
     * received (it enlists the session's resource in {@code beforeDelivery}): while on, what the
     * session receives outside a branch is held, not acknowledged, and becomes part of the next
     * branch the session starts.
     */
    public void holdForNextBranch(boolean hold) {
        holding = hold;
    }

    boolean holding() {
        return holding;
    }

    /**
     * For a resource adapter whose server enlists connections lazily: {@code enlistment} runs
     * before each send or receive the session makes outside a branch, and may start one (the
     * server enlists the session's XA resource in its transaction, if it has one) which that
     * work then joins.
     */
    public void enlistLazily(LazyEnlistment enlistment) {
        this.enlistment = enlistment;
    }

    /** Before a send or receive: outside a branch, the server may enlist the session now. */
    public void beforeWork() throws jakarta.jms.JMSException {
        LazyEnlistment current = enlistment;
        if (current != null && this.current == null) {
            current.beforeWork();
        }
    }

    /** What is held for the next branch goes back to its queues, marked redelivered. */
    public void releaseHeld() {
        branches.releaseHeld(this);
    }

    /**
     * Adds the send to the branch the session works in.
     *
     * @return false when the session works in none now (then the caller sends it itself)
     * @throws io.cairnmq.engine.api.TransactionRolledBackException when that branch was rolled back
     */
    public boolean send(EngineProducer producer, DestinationName destination, MessageRecord message) {
        return branches.send(this, producer, destination, message);
    }

    /**
     * A delivery the session's consumer handed out without acknowledging it: the branch the
     * session works in acknowledges it when it commits. Without a branch (it ended while the
     * receive waited) it is acknowledged now; in a branch rolled back already it goes back.
     */
    public void delivered(EngineConsumer consumer, Delivery delivery) {
        branches.delivered(this, consumer, delivery);
    }

    /** @return true when a branch still needs the producer: it closes when the branch ends */
    public boolean keepsOpen(EngineProducer producer) {
        return branches.keepOpen(producer);
    }

    /** @return true when a branch still needs the consumer's deliveries: it closes when the branch ends */
    public boolean keepsOpen(EngineConsumer consumer) {
        return branches.keepOpen(consumer);
    }

    Branches branches() {
        return branches;
    }
}
