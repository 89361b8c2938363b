package io.cairnmq.jms;

import jakarta.jms.JMSException;

/** The one wording for features this version of CairnMQ does not have yet: fail loudly. */
final class Unsupported {

    private Unsupported() {
    }

    static JMSException feature(String what) {
        return new JMSException(what + " is not supported by this version of CairnMQ");
    }
}
