package io.cairnmq.engine.api;

import java.util.Objects;

/**
 * The physical name of a destination and its kind. Queue and topic names live in separate
 * name spaces, as in JMS.
 */
public record DestinationName(DestinationKind kind, String name) {

    /** Longest name the engine stores, in characters. */
    public static final int MAX_LENGTH = 255;

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

    /** A compact form used in keys and logs: {@code queue:NAME} or {@code topic:NAME}. */
    public String qualified() {
        return kind.prefix() + name;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
