/**
 * The state of one queue shard and the rules that change it, in plain Java: what is ready
 * (priority order, FIFO within a priority), what is leased and to whom, who waits for a
 * wake-up. Every change is split into a decision, taken once on the shard's owner, and its
 * application, which the owner and each backup perform identically, so backups replay the
 * owner's decisions instead of taking their own.
 *
 * <p>{@link io.cairnmq.engine.queue.ShardState} is the one door to a shard and keeps what is
 * ready, leased and waiting; its other jobs sit in parts of their own: the memory that answers
 * retries, the planning of hand-offs, recovery from journals, the view of what is on disk, and
 * the producers waiting for room.
 */
package io.cairnmq.engine.queue;
