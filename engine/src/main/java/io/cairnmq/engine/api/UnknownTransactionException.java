package io.cairnmq.engine.api;

/**
 * No transaction of the given id is prepared: it was never prepared, or it was already committed
 * or rolled back (an XA resource's {@code XAER_NOTA}).
 */
public class UnknownTransactionException extends EngineException {

    public UnknownTransactionException(String message) {
        super(message);
    }
}
