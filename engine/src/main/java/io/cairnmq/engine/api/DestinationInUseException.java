package io.cairnmq.engine.api;

/** A destination cannot be deleted while a consumer still consumes from it. */
public class DestinationInUseException extends EngineException {

    public DestinationInUseException(String message) {
        super(message);
    }
}
