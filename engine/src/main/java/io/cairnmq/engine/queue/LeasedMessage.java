package io.cairnmq.engine.queue;

/** A message handed out under a lease, with its holder and the token of the lease request. */
record LeasedMessage(StoredMessage message, Holder holder, String token) {
}
