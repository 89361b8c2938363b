package io.cairnmq.engine.api;

/** A message selector that is not valid JMS selector syntax; the message says where and why. */
public class InvalidSelectorSyntaxException extends EngineException {

    public InvalidSelectorSyntaxException(String message) {
        super(message);
    }
}
