package io.cairnmq.protocol;

/** A frame that breaks the protocol: malformed, oversized, unknown or out of sequence. */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
