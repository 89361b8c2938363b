package io.cairnmq.engine.api;

/** Base of the engine's unchecked exceptions; the message says what failed and why. */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
