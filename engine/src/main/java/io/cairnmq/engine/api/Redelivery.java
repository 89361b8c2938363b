package io.cairnmq.engine.api;

/** Whether a message put back or handed back counts as a failed delivery. */
public enum Redelivery {

    /** It comes again marked redelivered, its delivery count one higher: it reached its consumer's caller. */
    COUNTED,

    /** It comes again as it was, as if it had never been delivered. */
    NOT_COUNTED
}
