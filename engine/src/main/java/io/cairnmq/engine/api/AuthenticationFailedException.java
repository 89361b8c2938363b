package io.cairnmq.engine.api;

/** The credentials of a connection were missing or wrong; the message never contains a password. */
public class AuthenticationFailedException extends EngineException {

    public AuthenticationFailedException(String message) {
        super(message);
    }
}
