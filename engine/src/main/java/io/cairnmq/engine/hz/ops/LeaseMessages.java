package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.LeaseReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.LeaseDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.List;

/**
 * Acknowledges what the consumer finished with and leases up to {@code max} ready messages to
 * it; when it took everything ready, registers the consumer as a waiter to be woken by the
 * next arrival. Messages out of delivery attempts, or expired with an expiry queue to go to, are
 * leased to the consumer's mover, for its member to move them (see the destination's
 * {@link io.cairnmq.engine.api.DeliveryPolicy}).
 * A retried request (same token) gets the same messages again.
 */
public final class LeaseMessages extends QueueOperation<LeaseReply> {

    private Holder holder;
    private String token;
    private int max;
    private long[] acknowledgements;
    private String selector;
    private LeaseDecision decision;

    public LeaseMessages() {
        // for deserialization
    }

    /** @param selector only messages matching it are leased (null for all); it is compiled on the owner */
    public LeaseMessages(Holder holder, String token, int max, long[] acknowledgements, String selector) {
        this.holder = holder;
        this.token = token;
        this.max = max;
        this.acknowledgements = acknowledgements;
        this.selector = selector;
    }

    @Override
    protected LeaseReply decideAndApply(ShardState state, int shardIndex) {
        decision = state.decideLease(holder, token, max, acknowledgements, true, System.currentTimeMillis(), selector,
                policy());
        ShardJournal.Rows gone = rowsOf(state, decision.acknowledged(), decision.expired());
        List<StoredMessage> leased = state.applyLease(holder, token, decision);
        long ticket = journal(versioned(state, gone.queue(), gone.removed()));
        if (selector != null && leased.size() < max && state.hasSpilled() && member().pageIns() != null) {
            member().pageIns().findMatches(currentKey(), subscription, selector);
        }
        LeaseReply reply = new LeaseReply(leased, decision.waiterRegistered(), decision.nextDue());
        if (!decision.moves().isEmpty()) {
            reply.toMove(state.heldForMoving(decision.moves().outOfAttempts()),
                    state.heldForMoving(decision.moves().expired()));
        }
        reply.wake(roomFreed(state));
        return journaled(reply, ticket);
    }

    /** Nothing will come from a queue that is not there: its requester may wait. */
    @Override
    protected LeaseReply withoutQueue() {
        return new LeaseReply(List.of(), true, 0);
    }

    @Override
    protected void replay(ShardState state) {
        ShardJournal.Rows gone = rowsOf(state, decision.acknowledged(), decision.expired());
        state.applyLease(holder, token, decision);
        journal(versioned(state, gone.queue(), gone.removed()));
        roomFreed(state);
    }

    /** Producers waiting for room are told when this request's acknowledgements or expiries freed some. */
    private List<io.cairnmq.engine.queue.Holder> roomFreed(ShardState state) {
        return decision.acknowledged().length + decision.expired().length > 0 ? state.takeRoomWaiters() : List.of();
    }

    @Override
    protected ShardOperation<LeaseReply> backupCopy() {
        if (decision == null) {
            return null;
        }
        LeaseMessages copy = new LeaseMessages(holder, token, max, new long[0], selector);
        copy.decision = decision;
        return copy;
    }

    /** The acknowledgements that ride on this request: applied before the lease, in the same step. */
    public long[] acknowledgements() {
        return acknowledgements.clone();
    }

    @Override
    public int getClassId() {
        return HzDataFactory.LEASE_MESSAGES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeHolder(out, holder);
        out.writeString(token);
        out.writeInt(max);
        ShardCodec.writeLongs(out, acknowledgements);
        LongStrings.writeNullable(out, selector);
        if (backup) {
            ShardCodec.writeLease(out, decision);
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        holder = ShardCodec.readHolder(in);
        token = in.readString();
        max = in.readInt();
        acknowledgements = ShardCodec.readLongs(in);
        selector = LongStrings.readNullable(in);
        if (backup) {
            decision = ShardCodec.readLease(in);
        }
    }
}
