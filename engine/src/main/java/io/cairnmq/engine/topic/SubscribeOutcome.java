package io.cairnmq.engine.topic;

/** What the topic decided when a consumer asked to attach to a subscription. */
public enum SubscribeOutcome {
    /** No such subscription: it is created, with the consumer attached. */
    CREATE,
    /** It existed with another definition and nobody consumed it: a new one takes its place. */
    REPLACE,
    /** The consumer joins it (or had already: a retried request). */
    ATTACH,
    /** Refused: an unshared subscription that already has its consumer. */
    IN_USE,
    /** Refused: it has consumers and was defined otherwise (another selector, noLocal or kind). */
    CONFLICT;

    public boolean refused() {
        return this == IN_USE || this == CONFLICT;
    }
}
