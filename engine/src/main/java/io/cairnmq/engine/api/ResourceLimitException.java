package io.cairnmq.engine.api;

/** A configured limit was reached (message size, queue depth); nothing already stored is lost. */
public class ResourceLimitException extends EngineException {

    public ResourceLimitException(String message) {
        super(message);
    }
}
