package io.cairnmq.engine.api;

/** The object, its connection or the engine itself was closed, or its member is gone. */
public class EngineClosedException extends EngineException {

    public EngineClosedException(String message) {
        super(message);
    }

    public EngineClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
