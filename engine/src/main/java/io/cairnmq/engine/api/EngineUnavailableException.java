package io.cairnmq.engine.api;

/** The operation could not reach the data it needed (cluster unreachable, time-out). */
public class EngineUnavailableException extends EngineException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
