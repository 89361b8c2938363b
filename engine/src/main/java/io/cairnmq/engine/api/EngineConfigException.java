package io.cairnmq.engine.api;

/** A configuration value is wrong; the message names the key and the value. */
public class EngineConfigException extends EngineException {

    public EngineConfigException(String message) {
        super(message);
    }

    public EngineConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
