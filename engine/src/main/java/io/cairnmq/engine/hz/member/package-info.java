/**
 * What every part of a member's engine uses, and the shard operations in {@code ops} with them:
 * shard keys, the calls that run operations ({@link io.cairnmq.engine.hz.member.ShardCalls})
 * and their replies, one type per family of operations over the common parts of every change
 * ({@link io.cairnmq.engine.hz.member.ShardReply}), the context an operation finds on its member
 * through its Hazelcast instance ({@link io.cairnmq.engine.hz.member.MemberContext}: the member's
 * services, its wake-up bus, the failures tests inject) and the tasks one member runs on another
 * (waiting for its journal or its copies of moved shards, reading its disk backlog), destination
 * settings, the wake-up bus to waiting consumers, the serialization ids and serializers,
 * the translation of Hazelcast's exceptions and the engine's threads. It depends on no other
 * part of the engine on Hazelcast but {@code ops}; what it needs of the page-ins and the
 * replica follower, it names as interfaces they implement.
 */
package io.cairnmq.engine.hz.member;
