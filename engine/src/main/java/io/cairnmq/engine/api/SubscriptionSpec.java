package io.cairnmq.engine.api;

/**
 * Which subscription of a topic a consumer takes its messages from. A subscription receives
 * every message published to its topic after it was created (that passes its selector, and,
 * with {@code noLocal}, was not published by its own connection); its consumers divide them.
 *
 * @param name     the subscription's name; null for a private one, which lives exactly as long
 *                 as its one consumer
 * @param kind     whether it outlives its consumers, and whether several may consume it at once
 * @param noLocal  messages published by the subscribing connection (for a durable
 *                 subscription: by any connection with its client ID) are not added to it
 * @param clientId client ID that scopes the name (required for an unshared durable
 *                 subscription; optional for shared ones); null for none
 */
public record SubscriptionSpec(String name, SubscriptionKind kind, boolean noLocal, String clientId) {

    public SubscriptionSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (name == null && kind != SubscriptionKind.PRIVATE) {
            throw new IllegalArgumentException("a durable or shared subscription needs a name");
        }
        if (name != null && name.isBlank()) {
            throw new InvalidDestinationNameException("A subscription name must not be empty");
        }
        if (kind == SubscriptionKind.DURABLE && clientId == null) {
            throw new IllegalArgumentException("an unshared durable subscription needs a client ID");
        }
    }

    /** A private subscription for one consumer. */
    public static SubscriptionSpec nonDurable(boolean noLocal) {
        return new SubscriptionSpec(null, SubscriptionKind.PRIVATE, noLocal, null);
    }

    public static SubscriptionSpec durable(String clientId, String name, boolean noLocal) {
        return new SubscriptionSpec(name, SubscriptionKind.DURABLE, noLocal, clientId);
    }

    public static SubscriptionSpec sharedDurable(String clientId, String name) {
        return new SubscriptionSpec(name, SubscriptionKind.SHARED_DURABLE, false, clientId);
    }

    public static SubscriptionSpec sharedNonDurable(String clientId, String name) {
        return new SubscriptionSpec(name, SubscriptionKind.SHARED, false, clientId);
    }

    /** Outlives its consumers until it is unsubscribed. */
    public boolean durable() {
        return kind.durable();
    }

    /** Several consumers, on any connections and members, may consume it at once. */
    public boolean shared() {
        return kind.shared();
    }

    /**
     * A named subscription's key in the broker-wide name spaces: durable subscriptions (shared
     * or not) share one, shared non-durable ones have their own (section 6.11 of the
     * specification); within each, the client ID (if any) and the name.
     */
    public String qualifiedName() {
        return qualifiedName(durable(), clientId, name);
    }

    /** The key of a durable subscription, as {@link #qualifiedName()} makes it. */
    public static String durableName(String clientId, String name) {
        return qualifiedName(true, clientId, name);
    }

    private static String qualifiedName(boolean durable, String clientId, String name) {
        return (durable ? "durable/" : "shared/") + (clientId == null ? "" : clientId) + '/' + name;
    }
}
