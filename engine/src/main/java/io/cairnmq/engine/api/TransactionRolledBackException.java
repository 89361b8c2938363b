package io.cairnmq.engine.api;

/**
 * A transaction's commit did not happen, and it is known not to have: nothing it sent is
 * stored, and what its consumers received is back on the queues, counted as a delivery.
 */
public class TransactionRolledBackException extends EngineException {

    public TransactionRolledBackException(String message) {
        super(message);
    }

    public TransactionRolledBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
