package io.cairnmq.engine.queue;

/**
 * The owner's decision on a lease request, which may also carry acknowledgements.
 *
 * @param acknowledged     sequences removed because the requester acknowledged them
 * @param expired          sequences dropped because they expired before delivery
 * @param leased           sequences leased to the requester, in delivery order
 * @param waiterRegistered nothing is left ready, so the requester now waits for a wake-up
 */
public record LeaseDecision(long[] acknowledged, long[] expired, long[] leased, boolean waiterRegistered) {
}
