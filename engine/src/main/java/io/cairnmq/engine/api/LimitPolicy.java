package io.cairnmq.engine.api;

import java.util.Locale;

/** What a destination does when a producer would take it past its limits. */
public enum LimitPolicy {

    /** The producer waits for room (consumers acknowledging), up to the destination's block timeout, then fails. */
    BLOCK,
    /** The send fails at once with a resource limit error; nothing already stored is touched. */
    FAIL,
    /** The destination takes everything, spilling what does not fit in memory to disk (the default). */
    SPILL;

    public static LimitPolicy parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineConfigException("Option " + key + "=" + value + " is not one of block, fail, spill", e);
        }
    }
}
