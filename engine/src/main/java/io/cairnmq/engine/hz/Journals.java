package io.cairnmq.engine.hz;

import io.cairnmq.engine.store.Journal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal of each engine in this JVM, by member id, so that a shard operation running on a
 * partition thread can queue the records of its change in its own member's journal.
 */
public final class Journals {

    private static final Map<String, Journal> JOURNALS = new ConcurrentHashMap<>();

    private Journals() {
    }

    static void register(String memberId, Journal journal) {
        JOURNALS.put(memberId, journal);
    }

    static void unregister(String memberId) {
        JOURNALS.remove(memberId);
    }

    /** The member's journal; {@link Journal#NONE} for a member that has none (or is gone). */
    public static Journal of(String memberId) {
        Journal journal = memberId == null ? null : JOURNALS.get(memberId);
        return journal == null ? Journal.NONE : journal;
    }
}
