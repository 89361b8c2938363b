package io.cairnmq.engine.api;

/**
 * A transaction's commit may or may not have happened: a member failed in the middle and its
 * outcome cannot be learnt now. It is not left half done: the cluster resolves it, all or
 * nothing, as soon as it can (a recorded decision commits it, none rolls it back).
 */
public class TransactionInDoubtException extends EngineException {

    public TransactionInDoubtException(String message, Throwable cause) {
        super(message, cause);
    }
}
