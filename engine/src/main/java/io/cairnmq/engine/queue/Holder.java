package io.cairnmq.engine.queue;

/**
 * Who holds a lease or waits for a wake-up: a consumer, its connection and the member the
 * connection lives on. When the member or the connection dies, what it held is released.
 */
public record Holder(String memberId, String connectionId, String consumerId) {

    private static final String MOVER = "mover:";

    /**
     * The holder of the messages this consumer found out of attempts or expired while it leased,
     * until they are moved to their dead-letter or expiry queue: on the same member and
     * connection, so that what it holds is released when they go, but apart from the consumer's
     * own leases, which its close or recover puts back.
     */
    public Holder mover() {
        return isMover() ? this : new Holder(memberId, connectionId, MOVER + consumerId);
    }

    public boolean isMover() {
        return consumerId.startsWith(MOVER);
    }
}
