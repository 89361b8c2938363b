/**
 * The engine on Hazelcast: each queue shard is one entry of the {@code cairn.shards} map,
 * stored as an object on its partition's owner and changed only by the entry processors in
 * {@code ops}; destination settings live in {@code cairn.destinations}; wake-ups travel to a
 * consumer's member on a per-member topic; a membership listener releases what dead members
 * held. This package and its sub-packages are the only ones that import Hazelcast.
 *
 * <p>This package holds the engine's entry and the objects its clients hold: {@link
 * io.cairnmq.engine.hz.HzEngine} (which starts and owns every other part of a member's engine),
 * its factory and Hazelcast configuration, connections, producers, consumers, browsers,
 * subscriptions and transactions. The rest is split by job:
 * <ul>
 *   <li>{@code ops} — one class per change of a shard, run on its partition's owner;</li>
 *   <li>{@code member} — what every part of a member uses: shard keys, replies and calls,
 *       the member's services and tasks, destination settings, the wake-up bus, the
 *       serialization ids, error translation and threads;</li>
 *   <li>{@code flow} — the way of messages between one producer or consumer and its shards:
 *       send batches, acknowledgements and releases, the book of what is owed, waits;</li>
 *   <li>{@code recovery} — durability and what must eventually be done: waiting for the
 *       journal, retries a member owns, the journal read back at start, the transactions and
 *       leases that a failure or a departed member left;</li>
 *   <li>{@code replica} — the journal following partition moves;</li>
 *   <li>{@code spill} — spilled messages brought back from the journal.</li>
 * </ul>
 * {@code member} and {@code ops} depend on none of the others; {@code flow}, {@code recovery},
 * {@code replica} and {@code spill} serve this package's engine and do not depend on one another,
 * except for durability and owned retries, which {@code recovery} offers the three others
 * ({@code EngineArchitectureTest} keeps these edges).
 *
 * <p>Words of the project: a <em>holder</em> is who holds a lease or waits for a wake-up (a
 * consumer, its connection and its member); a <em>lease</em> lends a message to a holder until
 * it is acknowledged or released; the spill <em>zone</em> of a shard is its messages that are
 * only on disk, in the journals of the members that hold the shard; a member <em>adopts</em> a
 * shard it received by writing it, and its disk backlog, into its own journal.
 */
package io.cairnmq.engine.hz;
