package io.cairnmq.engine.api;

/**
 * The member's disk store failed (a full disk, a broken or locked file): the operation that
 * needed it did not happen. The message names the file and the cause.
 */
public class StoreFailureException extends EngineException {

    public StoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
