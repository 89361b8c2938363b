package io.cairnmq.engine.topic;

import io.cairnmq.engine.api.SubscriptionKind;

import java.util.Objects;

/**
 * What a subscription was created with. A consumer that asks for a subscription by name with
 * another definition (another selector, another {@code noLocal}) replaces it when nobody
 * consumes it, and is refused otherwise.
 *
 * @param kind         whether it outlives its consumers, and whether several may consume it at once
 * @param selector     messages must match it to be added; null for all
 * @param noLocal      messages published from {@code noLocalScope} are not added
 * @param noLocalScope the publishing connection's id (non-durable) or client ID (durable)
 *                     whose messages {@code noLocal} leaves out; null when not noLocal
 */
public record SubscriptionDefinition(SubscriptionKind kind, String selector, boolean noLocal, String noLocalScope) {

    /** Outlives its consumers until unsubscribed. */
    public boolean durable() {
        return kind.durable();
    }

    /** Several consumers may consume it at once. */
    public boolean shared() {
        return kind.shared();
    }

    /** Whether a message published from {@code origin} is one this subscription leaves out. */
    boolean excludes(Origin origin) {
        if (!noLocal || noLocalScope == null) {
            return false;
        }
        return noLocalScope.equals(durable() ? origin.clientId() : origin.connectionId());
    }

    /** Same kind, selector and noLocal: a consumer asking for this may join the subscription. */
    boolean sameAs(SubscriptionDefinition other) {
        return kind == other.kind && noLocal == other.noLocal
                && Objects.equals(selector, other.selector);
    }
}
