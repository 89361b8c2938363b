package io.cairnmq.engine.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user may do with a destination; the access file grants each to roles. */
public enum Right {
    /** Send messages to it. */
    SEND("send to"),
    /** Receive messages from it: a queue consumer, or a subscription on a topic. */
    CONSUME("consume from"),
    /** Look at a queue's messages without taking them. */
    BROWSE("browse"),
    /** Create it (a queue or topic that does not exist yet, a durable subscription). */
    CREATE("create"),
    /** Delete it (or a durable subscription on it). */
    DELETE("delete"),
    /** Change its settings, purge it, read its statistics. */
    MANAGE("manage");

    private final String phrase;

    Right(String phrase) {
        this.phrase = phrase;
    }

    /** How the access file writes it: {@code send}, {@code consume}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How a refusal says it: "may not <em>send to</em> queue:orders". */
    public String phrase() {
        return phrase;
    }

    /**
     * The right the access file means by a key.
     *
     * @throws IllegalArgumentException naming the rights there are
     */
    public static Right ofKey(String key) {
        for (Right right : values()) {
            if (right.key().equals(key)) {
                return right;
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a right; the rights are "
                + Arrays.stream(values()).map(Right::key).collect(Collectors.joining(", ")));
    }
}
