package io.cairnmq.engine.api;

import java.util.Locale;

/**
 * When a member acknowledges a change to persistent messages (a {@code PERSISTENT} send, the
 * acknowledgement of one) relative to its disk journal. The journal groups whatever arrives
 * while it writes into one commit, so waiting costs little when many wait at once.
 */
public enum WritePolicy {

    /** After the journal is written and forced to the device (fsync): survives a machine crash. */
    SYNC,
    /** After the journal is written to the operating system: survives a process crash, not a machine crash. */
    WRITE,
    /**
     * At once, when the change is in memory on the owner and its synchronous backups; the journal
     * follows within the group interval. A crash of every holder can lose that interval.
     */
    ASYNC;

    /** The policy named (any case) by a configuration value. */
    public static WritePolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineConfigException("Option journal=" + value + " is not one of sync, write, async", e);
        }
    }

    /** Whether an acknowledgement waits for the journal. */
    public boolean waits() {
        return this != ASYNC;
    }
}
