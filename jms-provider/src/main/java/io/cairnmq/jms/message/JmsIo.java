package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;

import java.io.IOException;

/** Turns the I/O failures of body streams into the exceptions the specification names. */
final class JmsIo {

    private JmsIo() {
    }

    static MessageEOFException endOfBody(IOException e) {
        MessageEOFException eof = new MessageEOFException("Reached the end of the message body");
        eof.setLinkedException(e);
        eof.initCause(e);
        return eof;
    }

    static JMSException failure(IOException e) {
        JMSException failure = new JMSException("Cannot read or write the message body: " + e.getMessage());
        failure.setLinkedException(e);
        failure.initCause(e);
        return failure;
    }
}
