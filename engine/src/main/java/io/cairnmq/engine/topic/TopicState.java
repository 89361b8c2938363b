package io.cairnmq.engine.topic;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.queue.EnqueueDecision;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.Wake;
import io.cairnmq.engine.tx.EntryTransactions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A topic: its subscriptions, each with its own queue. Not thread-safe: like a queue shard it
 * is changed only on its partition's thread, by decisions the owner takes and every replica
 * applies.
 */
public final class TopicState implements ShardEntry {

    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    /** A client changed it: see {@link ShardEntry#isLive()}. */
    boolean live;
    /** Counts the changes of its set of durable subscriptions, journaled with them (as a queue's row version). */
    long subscriptionsVersion;
    /** The newest such version recovered at start. */
    long recoveredSubscriptionsVersion;
    /** The transactions it takes part in: publishes waiting for their decision, decisions it coordinates. */
    final EntryTransactions transactions = new EntryTransactions();

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public void markLive() {
        live = true;
    }

    @Override
    public EntryTransactions transactions() {
        return transactions;
    }

    @Override
    public ShardState queueOf(String subscription) {
        Subscription s = subscription == null ? null : subscriptions.get(subscription);
        return s == null ? null : s.queue;
    }

    @Override
    public int readyCount() {
        return subscriptions.values().stream().mapToInt(s -> s.queue.readyCount()).sum();
    }

    @Override
    public int leasedCount() {
        return subscriptions.values().stream().mapToInt(s -> s.queue.leasedCount()).sum();
    }

    @Override
    public long residentBytes() {
        return subscriptions.values().stream().mapToLong(s -> s.queue.residentBytes()).sum();
    }

    /** Ids of the subscriptions that exist now, in creation order. */
    public List<String> subscriptionIds() {
        return List.copyOf(subscriptions.keySet());
    }

    /** Whether the subscription exists and is durable: its persistent messages are journaled. */
    public boolean isDurable(String subscription) {
        Subscription s = subscription == null ? null : subscriptions.get(subscription);
        return s != null && s.definition.durable();
    }

    /** A durable subscription was created or deleted: the version its holders journal with the change. */
    public long nextSubscriptionsVersion() {
        return ++subscriptionsVersion;
    }

    public long subscriptionsVersion() {
        return subscriptionsVersion;
    }

    /** How a journal's version of the subscriptions relates to what was recovered so far (see ShardState). */
    public int compareRecoveredSubscriptions(long version) {
        return Long.compare(version, recoveredSubscriptionsVersion);
    }

    /**
     * A newer journal of the subscriptions is being read: those recovered from older ones go.
     *
     * @return the ids of the durable subscriptions that went
     */
    public List<String> applyNewerSubscriptions(long version) {
        List<String> dropped = new ArrayList<>();
        subscriptions.values().stream().filter(s -> s.definition.durable()).forEach(s -> dropped.add(s.id));
        subscriptions.clear();
        recoveredSubscriptionsVersion = version;
        subscriptionsVersion = Math.max(subscriptionsVersion, version);
        return dropped;
    }

    /** A journal of the subscriptions at this version was read. */
    public void applyRecoveredSubscriptions(long version) {
        recoveredSubscriptionsVersion = Math.max(recoveredSubscriptionsVersion, version);
        subscriptionsVersion = Math.max(subscriptionsVersion, version);
    }

    /** The definition of a subscription; null when there is no such subscription. */
    public SubscriptionDefinition definitionOf(String subscription) {
        Subscription s = subscriptions.get(subscription);
        return s == null ? null : s.definition;
    }

    /**
     * Puts back a durable subscription read from a journal, with no consumer, unless it exists.
     *
     * @return whether it was added
     */
    public boolean applyRestore(String id, SubscriptionDefinition definition) {
        if (subscriptions.containsKey(id)) {
            return false;
        }
        subscriptions.put(id, new Subscription(id, definition, new ShardState()));
        return true;
    }

    /** How many consumers are attached to a subscription; -1 when there is no such subscription. */
    public int consumerCount(String subscription) {
        Subscription s = subscriptions.get(subscription);
        return s == null ? -1 : s.consumers.size();
    }

    // ------------------------------------------------------------------ subscribe, detach, unsubscribe

    public SubscribeOutcome decideSubscribe(String id, SubscriptionDefinition definition, Holder consumer) {
        Subscription existing = subscriptions.get(id);
        if (existing == null) {
            return SubscribeOutcome.CREATE;
        }
        if (existing.consumers.contains(consumer)) {
            return SubscribeOutcome.ATTACH;
        }
        boolean idle = existing.consumers.isEmpty() && existing.queue.leasedCount() == 0;
        if (!existing.definition.sameAs(definition)) {
            return idle ? SubscribeOutcome.REPLACE : SubscribeOutcome.CONFLICT;
        }
        if (!existing.definition.shared() && !existing.consumers.isEmpty()) {
            return SubscribeOutcome.IN_USE;
        }
        return SubscribeOutcome.ATTACH;
    }

    public void applySubscribe(String id, SubscriptionDefinition definition, Holder consumer, SubscribeOutcome outcome) {
        if (outcome.refused()) {
            return;
        }
        if (outcome == SubscribeOutcome.CREATE || outcome == SubscribeOutcome.REPLACE) {
            subscriptions.put(id, new Subscription(id, definition, new ShardState()));
        }
        Subscription s = subscriptions.get(id);
        if (s != null) {
            s.consumers.add(consumer);
        }
    }

    /**
     * Detaching a consumer: its wait ends, and a non-durable subscription with nobody else left
     * is dropped. A closed consumer's holds (hand-offs on their way to it) go back as never
     * delivered, unless they are to be kept leased to it, to be settled by its session.
     */
    public Detachment decideDetach(String id, Holder consumer, LeasesOnDetach leases) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            return new Detachment(ReleaseDecision.NOTHING, false);
        }
        Predicate<Holder> itself = h -> h.consumerId().equals(consumer.consumerId());
        ReleaseDecision release = leases == LeasesOnDetach.KEEP
                ? s.queue.decideLeave(itself) : s.queue.decideReleaseHolders(itself, Redelivery.NOT_COUNTED);
        boolean drop = !s.definition.durable()
                && (s.consumers.isEmpty() || (s.consumers.size() == 1 && s.consumers.contains(consumer)));
        return new Detachment(release, drop);
    }

    /** The owner's decision on a detach. */
    public record Detachment(ReleaseDecision release, boolean drop) {
    }

    /** Applies a detach; returns the waiters to wake for the messages it put back. */
    public List<Wake> applyDetach(String id, Holder consumer, Detachment d) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            return List.of();
        }
        s.consumers.remove(consumer);
        s.queue.applyRelease(d.release());
        if (d.drop()) {
            subscriptions.remove(id);
            return List.of();
        }
        List<Wake> woken = new ArrayList<>();
        for (Holder waiter : d.release().woken()) {
            woken.add(new Wake(waiter, s.queue.waiterVersion()));
        }
        return woken;
    }

    /**
     * Whether a durable subscription may be deleted now: it exists, has no consumer and holds
     * no message delivered and not yet acknowledged.
     */
    public UnsubscribeOutcome decideUnsubscribe(String id) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            return UnsubscribeOutcome.NO_SUCH;
        }
        if (!s.consumers.isEmpty()) {
            return UnsubscribeOutcome.IN_USE;
        }
        if (s.queue.leasedCount() > 0) {
            return UnsubscribeOutcome.UNACKNOWLEDGED;
        }
        return UnsubscribeOutcome.REMOVE;
    }

    public void applyUnsubscribe(String id) {
        subscriptions.remove(id);
    }

    // ------------------------------------------------------------------ publish

    /**
     * Decides where a published batch goes: into every subscription that accepts each message
     * (selector, noLocal), handed straight to consumers waiting on {@code handOffMember} where
     * each subscription's queue would.
     */
    public FanOut decideFanOut(String producerId, long batchNumber, List<MessageRecord> batch, Origin origin,
                               String handOffMember, long nowMillis) {
        return decideFanOut(producerId, batchNumber, batch, origin, handOffMember, nowMillis, id -> Long.MAX_VALUE);
    }

    /**
     * As {@link #decideFanOut(String, long, List, Origin, String, long)}, each subscription's
     * queue keeping in memory what fits its budget ({@code memoryBudget} by subscription id) and
     * spilling the rest, as a queue shard does.
     */
    public FanOut decideFanOut(String producerId, long batchNumber, List<MessageRecord> batch, Origin origin,
                               String handOffMember, long nowMillis, ToLongFunction<String> memoryBudget) {
        List<FanOut.Part> parts = new ArrayList<>(subscriptions.size());
        for (Subscription s : subscriptions.values()) {
            int[] picked = accepted(s, batch, origin);
            if (picked.length > 0) {
                EnqueueDecision d = s.queue.decideEnqueue(producerId, batchNumber, FanOut.pick(batch, picked),
                        handOffMember, nowMillis, memoryBudget.applyAsLong(s.id));
                parts.add(new FanOut.Part(s.id, picked, d));
            }
        }
        return new FanOut(parts);
    }

    /** The messages of a batch a subscription takes (its selector, noLocal), in batch order; none when it is gone. */
    public List<MessageRecord> takenBy(String id, List<MessageRecord> batch, Origin origin) {
        Subscription s = subscriptions.get(id);
        return s == null ? List.of() : FanOut.pick(batch, accepted(s, batch, origin));
    }

    /** Applies a fan-out; returns what it handed off and whom it woke, tagged with their subscription. */
    public Published applyFanOut(String producerId, long batchNumber, List<MessageRecord> batch, FanOut fanOut) {
        List<HandedOff> handedOff = new ArrayList<>();
        List<Wake> woken = new ArrayList<>();
        for (FanOut.Part part : fanOut.parts()) {
            Subscription s = subscriptions.get(part.subscription());
            if (s == null) {
                continue;
            }
            for (HandedOff h : s.queue.applyEnqueue(producerId, batchNumber, part.pickFrom(batch),
                    part.enqueue())) {
                handedOff.add(h.inSubscription(s.id));
            }
            for (Holder waiter : part.enqueue().woken()) {
                woken.add(new Wake(waiter, s.queue.waiterVersion()));
            }
        }
        return new Published(handedOff, woken);
    }

    /** What a publish handed off and whom it woke. */
    public record Published(List<HandedOff> handedOff, List<Wake> woken) {
    }

    private static int[] accepted(Subscription s, List<MessageRecord> batch, Origin origin) {
        int[] picked = new int[batch.size()];
        int n = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (s.accepts(batch.get(i), origin)) {
                picked[n++] = i;
            }
        }
        return n == picked.length ? picked : java.util.Arrays.copyOf(picked, n);
    }

    // ------------------------------------------------------------------ gone consumers

    /**
     * Everything held by consumers that are gone goes back to its subscription's queue, counted
     * as a delivery; the consumers are detached; non-durable subscriptions left without a
     * consumer are dropped with their messages.
     */
    public GoneRelease decideReleaseGone(Predicate<Holder> gone) {
        return decideReleaseGone(gone, failures -> 0);
    }

    /** As {@link #decideReleaseGone(Predicate)}, holding messages back as {@code heldUntil} says (see {@link ShardState#decideRelease}). */
    public GoneRelease decideReleaseGone(Predicate<Holder> gone, java.util.function.IntToLongFunction heldUntil) {
        List<GoneRelease.Part> parts = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            ReleaseDecision release = s.queue.decideReleaseHolders(gone, Redelivery.COUNTED, heldUntil);
            List<Holder> detached = s.consumers.stream().filter(gone).toList();
            boolean drop = !s.definition.durable() && !detached.isEmpty() && detached.size() == s.consumers.size();
            if (release != ReleaseDecision.NOTHING || !detached.isEmpty()) {
                parts.add(new GoneRelease.Part(s.id, release, detached, drop));
            }
        }
        return new GoneRelease(parts);
    }

    /** Applies a release of gone consumers; returns the waiters it woke. */
    public List<Wake> applyReleaseGone(GoneRelease decision) {
        List<Wake> woken = new ArrayList<>();
        for (GoneRelease.Part part : decision.parts()) {
            Subscription s = subscriptions.get(part.subscription());
            if (s == null) {
                continue;
            }
            s.queue.applyRelease(part.release());
            part.detached().forEach(s.consumers::remove);
            if (part.drop()) {
                subscriptions.remove(part.subscription());
            } else {
                for (Holder waiter : part.release().woken()) {
                    woken.add(new Wake(waiter, s.queue.waiterVersion()));
                }
            }
        }
        return woken;
    }
}
