package io.cairnmq.engine.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * What recovery from the journals read at members' starts does to a shard, and the versions
 * that let it tell a stale journal (its member died while the others went on) from a newer one.
 * The messages it puts back go into its shard's memory or disk backlog as an enqueue's would.
 * Not thread-safe, like its shard.
 */
final class ShardRecovery {

    private final ShardState shard;
    /**
     * Counts the changes of its journal rows; every holder journals it with them, so that at a
     * restart a journal that missed changes (its member died while the others went on) is known
     * to be stale.
     */
    long journalVersion;
    /** The newest journal version recovered into it at start. */
    long recoveredVersion;

    ShardRecovery(ShardState shard) {
        this.shard = shard;
    }

    /**
     * Puts back messages read from a journal at their own sequences, the first {@code resident}
     * in memory and the rest on disk, where they are already. Idempotent: a sequence below the
     * shard's next one was recovered before. New messages get sequences after all of them.
     *
     * @return the messages that were added
     */
    List<StoredMessage> applyRecovered(List<StoredMessage> messages, int resident) {
        List<StoredMessage> added = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            StoredMessage m = messages.get(i);
            // Chunks come in sequence order: a sequence below the next one was recovered already.
            if (m.sequence() >= shard.nextSequence) {
                if (i < resident && !shard.hasSpilled()) {
                    shard.addReady(m);
                } else {
                    shard.addSpilled(m.sequence(), m.message());
                }
                added.add(m);
            }
            shard.nextSequence = Math.max(shard.nextSequence, m.sequence() + 1);
        }
        return added;
    }

    /** How many of these recovered messages fit in memory (the owner's decision for a recovery). */
    int decideRecovered(List<StoredMessage> messages, long memoryBudget) {
        return shard.residentPrefix(messages, m -> m.message().estimatedSize(), memoryBudget);
    }

    /**
     * How a journal of version {@code version} read at a member's start relates to what was
     * recovered so far (while no client has changed the queue): older, and so stale; newer, so
     * that what was recovered before came from stale journals; or the same.
     */
    int compareRecovered(long version) {
        return Long.compare(version, recoveredVersion);
    }

    /**
     * Forgets what was recovered from journals found stale (a newer one is being read), so that
     * the newer one's messages take their place; raises the recovered version.
     */
    void applyNewerRecovery(long version) {
        shard.forgetMessages();
        recoveredVersion = version;
        journalVersion = Math.max(journalVersion, version);
    }

    /** A journal of this version was recovered into it (at the same version as before, or the first). */
    void applyRecoveredVersion(long version) {
        recoveredVersion = Math.max(recoveredVersion, version);
        journalVersion = Math.max(journalVersion, version);
    }

    /** A change of its journal rows: the version its holders journal with it. */
    long nextJournalVersion() {
        return ++journalVersion;
    }

    /** The version of its journal rows now. */
    long journalVersion() {
        return journalVersion;
    }
}
