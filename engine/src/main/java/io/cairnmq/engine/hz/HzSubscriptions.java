package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.SubscriptionInUseException;
import io.cairnmq.engine.api.SubscriptionKind;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.api.UnknownSubscriptionException;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.TopicReply;
import io.cairnmq.engine.hz.ops.Detach;
import io.cairnmq.engine.hz.ops.Subscribe;
import io.cairnmq.engine.hz.ops.Unsubscribe;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.topic.LeasesOnDetach;
import io.cairnmq.engine.topic.SubscriptionDefinition;

/**
 * The engine's side of topic subscriptions: attaching and detaching consumers on the topic's
 * entry, and the cluster-wide name space of named (durable and shared) subscriptions, which
 * says on which topic a name lives and of what kind it is. A name is taken with
 * {@code putIfAbsent} on its partition, so two members cannot create it twice.
 */
public final class HzSubscriptions {

    /** The subscription's topic said nothing about it: it is gone already. */
    private final HzEngine engine;
    /** Qualified subscription name to {@link Name#encode()}. */
    private final IMap<String, String> names;

    HzSubscriptions(HzEngine engine, IMap<String, String> names) {
        this.engine = engine;
        this.names = names;
    }

    /** What the name space records of a named subscription. */
    private record Name(SubscriptionKind kind, String topic) {

        static Name of(SubscriptionSpec spec, DestinationName topic) {
            return new Name(spec.kind(), topic.qualified());
        }

        static Name decode(String encoded) {
            return new Name(SubscriptionKind.of(encoded.charAt(0) == 'D', encoded.charAt(1) == 'S'),
                    encoded.substring(3));
        }

        String encode() {
            return (kind.durable() ? "D" : "-") + (kind.shared() ? "S" : "-") + ":" + topic;
        }

        ShardKey key() {
            return new ShardKey(topic, 0);
        }
    }

    /**
     * Attaches a consumer to the subscription the spec names on this topic, creating it, or
     * replacing one of that name that nobody uses (on this or another topic, or with another
     * selector).
     *
     * @throws SubscriptionInUseException when the subscription cannot take this consumer
     */
    void attach(DestinationName topic, String subscriptionId, SubscriptionSpec spec, String selector,
                HzConnection connection, Holder consumer) {
        if (spec.name() != null) {
            claimName(spec, topic);
        }
        String noLocalScope = !spec.noLocal() ? null : spec.durable() ? spec.clientId() : connection.id();
        SubscriptionDefinition definition = new SubscriptionDefinition(spec.kind(), selector, spec.noLocal(),
                noLocalScope);
        TopicReply reply = engine.calls().call(new ShardKey(topic.qualified(), 0),
                new Subscribe(subscriptionId, definition, consumer));
        if (reply.refusal() != null) {
            throw new SubscriptionInUseException("Cannot consume from " + describe(spec) + " on " + topic + ": "
                    + reply.refusal());
        }
        // A durable subscription exists for good once created: it must outlive a crash.
        engine.durability().await(reply);
    }

    /** Takes the name of a durable subscription restored from the journal, unless it is taken. */
    public void restoreName(DestinationName topic, String subscriptionId, SubscriptionDefinition definition) {
        names.putIfAbsent(subscriptionId, new Name(definition.kind(), topic.qualified()).encode());
    }

    /**
     * At start, after a newer journal replaced a topic's durable subscriptions: the names of
     * those it did not have (put back from stale journals) are free again.
     */
    public void forgetRestoredNames(DestinationName topic, java.util.Collection<String> kept) {
        for (java.util.Map.Entry<String, String> e : names.entrySet()) {
            Name name = Name.decode(e.getValue());
            if (name.kind().durable() && name.topic().equals(topic.qualified()) && !kept.contains(e.getKey())) {
                names.remove(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Takes a consumer off its subscription; a named subscription dropped with its last consumer
     * gives up its name.
     *
     * @param leases KEEP for a consumer that stops taking messages while what it delivered stays
     *               leased to it, until its session settles them; RELEASE for a closed one, whose
     *               holds go back
     */
    void detach(DestinationName topic, String subscriptionId, SubscriptionSpec spec, Holder consumer,
                LeasesOnDetach leases) {
        ShardKey key = new ShardKey(topic.qualified(), 0);
        TopicReply reply = engine.calls().call(key, new Detach(subscriptionId, consumer, leases));
        engine.wakeups().wake(key, reply);
        if (reply.dropped() && spec.name() != null) {
            names.remove(spec.qualifiedName(), Name.of(spec, topic).encode());
        }
    }

    /** Deletes a durable subscription by name, once {@code mayDelete} accepted its topic. */
    void unsubscribe(String clientId, String name, java.util.function.Consumer<DestinationName> mayDelete) {
        String qualified = SubscriptionSpec.durableName(clientId, name);
        String encoded = names.get(qualified);
        if (encoded == null || !Name.decode(encoded).kind().durable()) {
            throw new UnknownSubscriptionException("There is no durable subscription named '" + name + "'"
                    + (clientId == null ? "" : " for client ID '" + clientId + "'"));
        }
        Name existing = Name.decode(encoded);
        mayDelete.accept(DestinationName.parseQualified(existing.topic()));
        TopicReply reply = engine.calls().call(existing.key(), new Unsubscribe(qualified));
        if (reply.refusal() != null) {
            throw new SubscriptionInUseException("Cannot unsubscribe durable subscription '" + name + "': "
                    + reply.refusal());
        }
        engine.durability().await(reply);
        names.remove(qualified, encoded);
    }

    private void claimName(SubscriptionSpec spec, DestinationName topic) {
        String wanted = Name.of(spec, topic).encode();
        String encoded = names.putIfAbsent(spec.qualifiedName(), wanted);
        if (encoded == null || encoded.equals(wanted)) {
            return;
        }
        Name existing = Name.decode(encoded);
        if (existing.kind().shared() != spec.shared()) {
            throw new SubscriptionInUseException("The name '" + spec.name() + "'"
                    + (spec.clientId() == null ? "" : " (client ID '" + spec.clientId() + "')")
                    + " belongs to a " + existing.kind().describe() + " subscription on " + existing.topic()
                    + "; it cannot also name a " + spec.kind().describe() + " one");
        }
        // Same kind on another topic: the subscription moves here if nobody uses it there.
        TopicReply reply = engine.calls().call(existing.key(), new Unsubscribe(spec.qualifiedName()));
        if (reply.refusal() != null) {
            throw new SubscriptionInUseException("Cannot move " + describe(spec) + " from " + existing.topic()
                    + " to " + topic + ": " + reply.refusal());
        }
        if (!names.replace(spec.qualifiedName(), encoded, wanted)) {
            claimName(spec, topic);
        }
    }

    private static String describe(SubscriptionSpec spec) {
        if (spec.name() == null) {
            return "a non-durable subscription";
        }
        return spec.kind().describe() + " subscription '" + spec.name() + "'";
    }
}
