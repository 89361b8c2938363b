package io.cairnmq.engine.hz.member;

/**
 * The reply of putting back a topic's durable subscriptions that a journal brought at a start:
 * what the owner did with them, given what the topic holds already.
 */
public final class RestoreReply extends OutcomeReply<RestoreReply.Outcome> {

    /** What the owner did with what a journal brought, given the version of the rows it was read from. */
    public enum Outcome {
        /** Added to what the shard holds: the same version, or a shard clients have changed since. */
        ADD,
        /** Left out: the shard holds what a newer journal brought. */
        SKIP_STALE,
        /** What an older journal had brought is replaced. */
        REPLACE
    }

    /** For deserialization. */
    public RestoreReply() {
        this(null);
    }

    public RestoreReply(Outcome outcome) {
        super(Outcome.class, outcome);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RESTORE_REPLY;
    }
}
