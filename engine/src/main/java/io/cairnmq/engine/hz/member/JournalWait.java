package io.cairnmq.engine.hz.member;

import io.cairnmq.engine.store.Journal;

/** How far a change must have gone in a member's journal before whoever waits for it goes on. */
public enum JournalWait {

    /**
     * Written, whatever the write policy: what a step of the two-phase protocol needs before the
     * next, and a producer whose messages went to disk only before it sends more.
     */
    WRITTEN,

    /** As durable as the write policy promises. */
    DURABLE;

    /** Waits in {@code journal} for the records up to {@code ticket}. */
    public void awaitIn(Journal journal, long ticket) {
        if (this == WRITTEN) {
            journal.awaitWritten(ticket);
        } else {
            journal.awaitDurable(ticket);
        }
    }
}
