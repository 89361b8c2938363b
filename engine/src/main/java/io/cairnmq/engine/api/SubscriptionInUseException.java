package io.cairnmq.engine.api;

/**
 * A subscription cannot be consumed, changed or deleted as asked: it already has its one
 * consumer, it is in use with another definition, or its name is taken by another kind of
 * subscription.
 */
public class SubscriptionInUseException extends EngineException {

    public SubscriptionInUseException(String message) {
        super(message);
    }
}
