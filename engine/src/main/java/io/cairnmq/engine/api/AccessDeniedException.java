package io.cairnmq.engine.api;

/**
 * A user asked for something the access file does not give it; the message names the user, the
 * right and the destination, and why.
 */
public class AccessDeniedException extends EngineException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
