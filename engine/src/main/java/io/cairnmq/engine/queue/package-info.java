/**
 * The state of one queue shard and the rules that change it, in plain Java: what is ready
 * (priority order, FIFO within a priority), what is leased and to whom, who waits for a
 * wake-up. Every change is split into a decision, taken once on the shard's owner, and its
 * application, which the owner and each backup perform identically, so backups replay the
 * owner's decisions instead of taking their own.
 */
package io.cairnmq.engine.queue;
