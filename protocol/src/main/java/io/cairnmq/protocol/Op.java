package io.cairnmq.protocol;

/**
 * The operations of the protocol, one byte each on the wire. Requests carry an id that their
 * {@link #RESULT} or {@link #ERROR} repeats; one-way frames carry the id of what they are about
 * (a consumer, a producer) or zero.
 */
public enum Op {
    // Handshake and liveness
    HELLO(1), WELCOME(2), REFUSED(3), PING(4), CONNECTION_FAILED(5),
    // Replies
    RESULT(10), ERROR(11),
    // Connection requests
    CLAIM_CLIENT_ID(20), CREATE_TEMPORARY(21), DELETE_TEMPORARY(22), UNSUBSCRIBE(23), COMMIT(24),
    PREPARE(25), COMMIT_PREPARED(26), ROLLBACK_PREPARED(27), PREPARED_TRANSACTIONS(28), DECLARE(29),
    STATS(30), CLOSE(31), EXISTS(32),
    // A transaction too large for one frame sends its messages ahead in parts, under a token its
    // COMMIT or PREPARE names.
    STAGE_SENDS(33),
    // Producers. A SEND is answered on its own; a SEND_ONE_WAY is not, the node tells the count
    // of those it handled in a SENT now and then (one frame for many sends).
    OPEN_PRODUCER(40), SEND(41), SEND_ALL(42), FLUSH(43), CLOSE_PRODUCER(44), SEND_ONE_WAY(45), SENT(63),
    // Consumers: requests
    OPEN_CONSUMER(50), FLUSH_ACKS(51), ACK_ALL(52), RECOVER(53), RELEASE(54), PAUSE(55),
    HAND_BACK_COUNTED(56), CLOSE_CONSUMER(57),
    // Consumers: one-way. An ACK carries credit too, so that a consumer that took one message
    // sends one frame.
    DELIVER(60), CREDIT(61), ACK(62),
    // Browsers
    OPEN_BROWSER(70), BROWSE_NEXT(71), CLOSE_BROWSER(72);

    private static final Op[] BY_CODE = new Op[128];

    static {
        for (Op op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final byte code;

    Op(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The operation of this code, or null for a code the protocol does not have. */
    public static Op of(byte code) {
        return code < 0 ? null : BY_CODE[code];
    }
}
