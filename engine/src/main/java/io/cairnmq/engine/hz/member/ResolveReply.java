package io.cairnmq.engine.hz.member;

import io.cairnmq.engine.tx.Outcome;

/** A coordinator's answer about a transaction: committed or aborted. */
public final class ResolveReply extends OutcomeReply<Outcome> {

    /** For deserialization. */
    public ResolveReply() {
        this(null);
    }

    public ResolveReply(Outcome outcome) {
        super(Outcome.class, outcome);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RESOLVE_REPLY;
    }
}
