package io.cairnmq.engine.api;

/** Another live connection of the cluster already uses this client identifier. */
public class ClientIdInUseException extends EngineException {

    public ClientIdInUseException(String message) {
        super(message);
    }
}
