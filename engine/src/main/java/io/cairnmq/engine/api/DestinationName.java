package io.cairnmq.engine.api;

import java.util.Objects;

/**
 * The physical name of a destination and its kind. Queue and topic names live in separate
 * name spaces, as in JMS.
 */
public record DestinationName(DestinationKind kind, String name) {

    /** Longest name the engine stores, in characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * How the names of temporary destinations start; reserved: such a destination exists only
     * while the connection that created it is open, and is never created by first use.
     */
    public static final String TEMPORARY_PREFIX = "cairn.temp.";

    public DestinationName {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new InvalidDestinationNameException("A destination name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidDestinationNameException("Destination name is " + name.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed: " + name.substring(0, 40) + "...");
        }
    }

    public static DestinationName queue(String name) {
        return new DestinationName(DestinationKind.QUEUE, name);
    }

    public static DestinationName topic(String name) {
        return new DestinationName(DestinationKind.TOPIC, name);
    }

    /** The destination a {@link #qualified()} name stands for. */
    public static DestinationName parseQualified(String qualified) {
        for (DestinationKind kind : DestinationKind.values()) {
            if (qualified.startsWith(kind.prefix())) {
                return new DestinationName(kind, qualified.substring(kind.prefix().length()));
            }
        }
        throw new IllegalArgumentException("Not a qualified destination name: " + qualified);
    }

    /** Whether this names a temporary destination (see {@link #TEMPORARY_PREFIX}). */
    public boolean isTemporary() {
        return name.startsWith(TEMPORARY_PREFIX);
    }

    /** A compact form used in keys and logs: {@code queue:NAME} or {@code topic:NAME}. */
    public String qualified() {
        return kind.prefix() + name;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
