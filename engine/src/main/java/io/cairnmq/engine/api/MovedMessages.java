package io.cairnmq.engine.api;

/**
 * The properties a message carries when the broker (or the resource adapter) moved it to a
 * dead-letter or expiry queue: where it came from, why, and what it had been through. The
 * moved copy keeps the message's id, headers, properties and body.
 */
public final class MovedMessages {

    /** The destination it was moved from (its qualified name, such as {@code queue:orders}). */
    public static final String ORIGINAL_DESTINATION = "CairnOriginalDestination";
    /** For a message moved from a topic subscription: the subscription's id. */
    public static final String ORIGINAL_SUBSCRIPTION = "CairnOriginalSubscription";
    /** The message id it had before the move, where the copy got a new one (the resource adapter's moves). */
    public static final String ORIGINAL_MESSAGE_ID = "CairnOriginalMessageID";
    /** Why it was moved, in words. */
    public static final String REASON = "CairnDeadLetterReason";
    /** How many deliveries of it had failed. */
    public static final String DELIVERY_ATTEMPTS = "CairnDeliveryAttempts";
    /** For an expired message: its expiration (epoch millis); the copy itself does not expire. */
    public static final String ORIGINAL_EXPIRATION = "CairnOriginalExpiration";

    private MovedMessages() {
    }
}
