/**
 * One class per change of a shard, each an entry processor run on the shard's partition owner.
 * The owner decides (see {@link io.cairnmq.engine.queue.ShardState}) and applies; the backup
 * copy of the same class carries that decision and only applies it.
 */
package io.cairnmq.engine.hz.ops;
