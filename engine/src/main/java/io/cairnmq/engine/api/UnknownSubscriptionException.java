package io.cairnmq.engine.api;

/** No durable subscription has the name given (for the connection's client ID). */
public class UnknownSubscriptionException extends EngineException {

    public UnknownSubscriptionException(String message) {
        super(message);
    }
}
