package io.cairnmq.protocol;

/** Versions and limits both sides agree on. */
public final class Protocol {

    /** The version this code speaks; a node refuses a client of another. */
    public static final int VERSION = 1;

    /** A peer that sends nothing (not even a heartbeat) for this many of its intervals is dead. */
    public static final int MISSED_HEARTBEATS = 3;

    /** How long a node waits for the {@code HELLO} of a new connection. */
    public static final long HANDSHAKE_MILLIS = 10_000;

    private Protocol() {
    }
}
