package io.cairnmq.engine.api;

/** Point-to-point queue or publish/subscribe topic. */
public enum DestinationKind {
    QUEUE("queue:"),
    TOPIC("topic:");

    private final String prefix;

    DestinationKind(String prefix) {
        this.prefix = prefix;
    }

    /** How a qualified name of this kind starts. */
    public String prefix() {
        return prefix;
    }
}
