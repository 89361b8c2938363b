/**
 * The way of messages between one producer or consumer and its shards: a producer's pipe into
 * each shard, which batches, keeps order and waits for room ({@link
 * io.cairnmq.engine.hz.flow.ShardSender}); a consumer's acknowledgements, releases and final
 * give-back ({@link io.cairnmq.engine.hz.flow.ConsumerShards}), its book of what it owes each
 * shard and its view of where it waits; the journal tickets to wait for before a send or an
 * acknowledgement counts as durable.
 */
package io.cairnmq.engine.hz.flow;
