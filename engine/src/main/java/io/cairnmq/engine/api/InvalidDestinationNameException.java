package io.cairnmq.engine.api;

/** A destination name the engine cannot accept (empty, too long). */
public class InvalidDestinationNameException extends EngineException {

    public InvalidDestinationNameException(String message) {
        super(message);
    }
}
