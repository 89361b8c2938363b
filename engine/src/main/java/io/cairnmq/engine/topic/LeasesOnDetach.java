package io.cairnmq.engine.topic;

/** What becomes of the messages a consumer holds when it leaves its subscription. */
public enum LeasesOnDetach {

    /**
     * They stay leased to it, to be settled by its session's acknowledgement or release (a
     * consumer that stops taking messages while its session's transaction is open).
     */
    KEEP,

    /** Whatever it still holds goes back (a closed consumer). */
    RELEASE
}
