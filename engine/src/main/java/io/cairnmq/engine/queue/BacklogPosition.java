package io.cairnmq.engine.queue;

/** Where messages read back from a queue's disk backlog stand in it. */
public enum BacklogPosition {

    /** Next in the backlog's order: the cursor moves past them. */
    NEXT,

    /** Ahead of the cursor (a selector found them): kept apart until the cursor passes them. */
    AHEAD
}
