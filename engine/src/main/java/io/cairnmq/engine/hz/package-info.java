/**
 * The engine on Hazelcast: each queue shard is one entry of the {@code cairn.shards} map,
 * stored as an object on its partition's owner and changed only by the entry processors in
 * {@code ops}; destination settings live in {@code cairn.destinations}; wake-ups travel to a
 * consumer's member on a per-member topic; a membership listener releases what dead members
 * held. The only package that imports Hazelcast.
 */
package io.cairnmq.engine.hz;
