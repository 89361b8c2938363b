package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/** A reply whose answer, beyond the common parts, is one value of an enum. */
public abstract class OutcomeReply<E extends Enum<E>> extends ShardReply {

    private final Class<E> kind;
    private E outcome;

    /** @param outcome null only for an instance about to be deserialized */
    protected OutcomeReply(Class<E> kind, E outcome) {
        this.kind = kind;
        this.outcome = outcome;
    }

    public final E outcome() {
        return outcome;
    }

    @Override
    protected final void writeFields(ObjectDataOutput out) throws IOException {
        out.writeByte(outcome.ordinal());
    }

    @Override
    protected final void readFields(ObjectDataInput in) throws IOException {
        outcome = kind.getEnumConstants()[in.readByte()];
    }
}
