package io.cairnmq.engine.tx;

/** What a coordinator says of a transaction. */
public enum Outcome {
    /** Its decision to commit is recorded: every participant commits. */
    COMMITTED,
    /** No decision was recorded, and none will be now: every participant rolls back. */
    ABORTED
}
