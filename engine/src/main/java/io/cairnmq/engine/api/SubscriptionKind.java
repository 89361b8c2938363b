package io.cairnmq.engine.api;

/** Whether a topic's subscription outlives its consumers, and whether several may consume it at once. */
public enum SubscriptionKind {

    /** Non-durable and unshared: one consumer's own, living exactly as long as it. */
    PRIVATE(false, false),
    /** Non-durable and shared: lives while any of its consumers does. */
    SHARED(false, true),
    /** Durable and unshared: outlives its one consumer until it is unsubscribed. */
    DURABLE(true, false),
    /** Durable and shared. */
    SHARED_DURABLE(true, true);

    private final boolean durable;
    private final boolean shared;

    SubscriptionKind(boolean durable, boolean shared) {
        this.durable = durable;
        this.shared = shared;
    }

    /** The kind that is (or is not) durable and shared. */
    public static SubscriptionKind of(boolean durable, boolean shared) {
        return durable ? (shared ? SHARED_DURABLE : DURABLE) : (shared ? SHARED : PRIVATE);
    }

    /** Outlives its consumers until it is unsubscribed. */
    public boolean durable() {
        return durable;
    }

    /** Several consumers, on any connections and members, may consume it at once. */
    public boolean shared() {
        return shared;
    }

    /** As a message to a person names it, e.g. "shared durable". */
    public String describe() {
        return (shared ? "shared " : "unshared ") + (durable ? "durable" : "non-durable");
    }
}
