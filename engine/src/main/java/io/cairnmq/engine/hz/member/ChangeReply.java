package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.queue.Holder;

import java.util.List;

/**
 * The reply of a change that says no more than every change does (done or refused, whom it woke,
 * where it was journaled): an acknowledgement, a release, a page-in, a prepared or forgotten
 * transaction.
 */
public final class ChangeReply extends ShardReply {

    public ChangeReply() {
        // done; also for deserialization
    }

    /** Done, waking these waiters. */
    public static ChangeReply waking(List<Holder> waiters) {
        ChangeReply reply = new ChangeReply();
        reply.wake(waiters);
        return reply;
    }

    /** Refused, and why: nothing changed. */
    public static ChangeReply refused(String why) {
        return refusing(new ChangeReply(), why);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.CHANGE_REPLY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) {
        // nothing more
    }

    @Override
    protected void readFields(ObjectDataInput in) {
        // nothing more
    }
}
