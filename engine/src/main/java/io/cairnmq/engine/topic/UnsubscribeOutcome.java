package io.cairnmq.engine.topic;

/** What the owner decided on a request to delete a durable subscription. */
public enum UnsubscribeOutcome {

    /** It exists, nobody consumes it and nothing delivered from it is unsettled: it goes. */
    REMOVE(null),
    /** There is no such subscription here: nothing to do (it was deleted already, or is elsewhere). */
    NO_SUCH(null),
    /** Refused: a consumer is attached to it. */
    IN_USE("it has an active consumer"),
    /** Refused: messages delivered from it are still leased. */
    UNACKNOWLEDGED("messages delivered from it are not acknowledged yet");

    private final String refusal;

    UnsubscribeOutcome(String refusal) {
        this.refusal = refusal;
    }

    /** Why the subscription cannot be deleted now; null when nothing stands in the way. */
    public String refusal() {
        return refusal;
    }
}
