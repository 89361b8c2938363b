package io.cairnmq.engine.hz.recovery;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.RestoreReply;
import io.cairnmq.engine.hz.ops.RecoverMessages;
import io.cairnmq.engine.hz.ops.RestoreTransactions;
import io.cairnmq.engine.tx.PreparedWork;
import io.cairnmq.engine.hz.ops.RestoreSubscription;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.store.RecoveredSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At start, before the engine serves anyone: declares the destinations this member's journal
 * recorded, restores its durable subscriptions (and their names), then puts the journaled
 * persistent messages back on their queues at their own sequences (a message other members'
 * journals also hold is put back once), with the version of each queue's rows, so that a stale
 * journal does not bring back what was consumed after its member died.
 */
public final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);
    /** Messages per recovery operation, so that no single operation carries a whole backlog. */
    static final int CHUNK = 1_000;

    private final HzEngine engine;
    private final Journal journal;

    public JournalRecovery(HzEngine engine, Journal journal) {
        this.engine = engine;
        this.journal = journal;
    }

    /** @return the shards the journal held messages or subscriptions of */
    public Set<ShardKey> run() {
        Map<String, Integer> destinations = journal.destinations();
        for (Map.Entry<String, Integer> d : destinations.entrySet()) {
            engine.catalog().declare(DestinationName.parseQualified(d.getKey()), new DestinationSettings(d.getValue()));
        }
        Map<QueueAddress, Long> versions = journal.versions();
        List<RecoveredSubscription> subscriptions = journal.subscriptions();
        Map<String, List<RecoveredSubscription>> byTopic = new java.util.LinkedHashMap<>();
        subscriptions.forEach(s -> byTopic.computeIfAbsent(s.queue().destination(), t -> new ArrayList<>()).add(s));
        // A topic whose durable subscriptions were all deleted still has their version.
        versions.keySet().stream().filter(JournalRecovery::isSubscriptionsVersion)
                .forEach(q -> byTopic.putIfAbsent(q.destination(), new ArrayList<>()));
        Set<ShardKey> shards = new HashSet<>();
        byTopic.forEach((topic, restored) -> {
            restoreSubscriptions(topic, restored, versions.getOrDefault(QueueAddress.of(topic, 0, null), 0L));
            shards.add(new ShardKey(topic, 0));
        });
        long[] messages = {0};
        Set<QueueAddress> queues = new HashSet<>();
        journal.load(CHUNK, (queue, chunk) -> {
            recover(queue, chunk, versions.getOrDefault(queue, 0L));
            messages[0] += chunk.size();
            queues.add(queue);
            shards.add(new ShardKey(queue.destination(), queue.shard()));
        });
        // A queue whose rows were all consumed still has a version: it says that older journals
        // holding its messages are stale.
        versions.forEach((queue, version) -> {
            if (!queues.contains(queue) && !isSubscriptionsVersion(queue)) {
                recover(queue, List.of(), version);
                shards.add(new ShardKey(queue.destination(), queue.shard()));
            }
        });
        shards.addAll(restoreTransactions(versions));
        if (messages[0] > 0 || !destinations.isEmpty()) {
            LOG.info("Recovered {} destination(s), {} durable subscription(s) and {} persistent message(s) in {}"
                    + " queue(s) from the journal", destinations.size(), subscriptions.size(), messages[0], queues.size());
        }
        return shards;
    }

    /**
     * Puts back a topic's durable subscriptions from this journal, unless it is stale; when it
     * replaced those of older journals, their names are freed.
     */
    private void restoreSubscriptions(String topic, List<RecoveredSubscription> restored, long version) {
        DestinationName name = DestinationName.parseQualified(topic);
        engine.catalog().declare(name, DestinationSettings.STRICT_ORDER);
        ShardKey key = new ShardKey(topic, 0);
        boolean replaced = false;
        if (restored.isEmpty()) {
            replaced = engine.calls().call(key, new RestoreSubscription(null, null, version)).outcome()
                    == RestoreReply.Outcome.REPLACE;
        }
        for (RecoveredSubscription s : restored) {
            RestoreReply.Outcome outcome = engine.calls().call(key,
                    new RestoreSubscription(s.queue().subscription(), s.definition(), version)).outcome();
            if (outcome == RestoreReply.Outcome.SKIP_STALE) {
                return;
            }
            replaced |= outcome == RestoreReply.Outcome.REPLACE;
            engine.subscriptions().restoreName(name, s.queue().subscription(), s.definition());
        }
        if (replaced) {
            engine.subscriptions().forgetRestoredNames(name,
                    restored.stream().map(s -> s.queue().subscription()).toList());
        }
    }

    /**
     * Puts back, after the messages, the transactions the journal holds: work prepared on an
     * entry (holding again the messages it acknowledges) and decisions an entry coordinates. They
     * are finished once the engine runs (see {@link TransactionRecovery#finishOrphans}).
     */
    private Set<ShardKey> restoreTransactions(Map<QueueAddress, Long> versions) {
        Map<QueueAddress, Map<String, PreparedWork>> prepared = journal.preparedTransactions();
        Map<QueueAddress, Map<String, List<String>>> committed = journal.committedTransactions();
        Set<QueueAddress> entries = new java.util.LinkedHashSet<>(prepared.keySet());
        entries.addAll(committed.keySet());
        Set<ShardKey> keys = new HashSet<>();
        for (QueueAddress entry : entries) {
            ShardKey key = new ShardKey(entry.destination(), entry.shard());
            engine.calls().call(key, new RestoreTransactions(prepared.getOrDefault(entry, Map.of()),
                    committed.getOrDefault(entry, Map.of()), versions.getOrDefault(entry, 0L)));
            keys.add(key);
        }
        if (!entries.isEmpty()) {
            LOG.info("Recovered {} prepared transaction(s) and {} decision(s) from the journal",
                    prepared.values().stream().mapToInt(Map::size).sum(),
                    committed.values().stream().mapToInt(Map::size).sum());
        }
        return keys;
    }

    /** A topic's version of its set of durable subscriptions (the topic address with no subscription). */
    private static boolean isSubscriptionsVersion(QueueAddress queue) {
        return queue.subscription().isEmpty() && new ShardKey(queue.destination(), queue.shard()).isTopic();
    }

    private void recover(QueueAddress queue, List<io.cairnmq.engine.queue.StoredMessage> chunk, long version) {
        engine.calls().call(new ShardKey(queue.destination(), queue.shard()),
                new RecoverMessages(chunk, version, engine.memberId()).onSubscription(queue.subscriptionOrNull()));
    }
}
