package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.hz.ops.RecoverMessages;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.RecoveredQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * At start, before the engine serves anyone: declares the destinations this member's journal
 * recorded, then puts the journaled persistent messages back on their shards at their own
 * sequences (a message other members' journals also hold is put back once).
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);
    /** Messages per recovery operation, so that no single operation carries a whole backlog. */
    static final int CHUNK = 1_000;

    private final HzEngine engine;
    private final Journal journal;

    JournalRecovery(HzEngine engine, Journal journal) {
        this.engine = engine;
        this.journal = journal;
    }

    void run() {
        Map<String, Integer> destinations = journal.destinations();
        for (Map.Entry<String, Integer> d : destinations.entrySet()) {
            engine.catalog().declare(DestinationName.parseQualified(d.getKey()), new DestinationSettings(d.getValue()));
        }
        long messages = 0;
        List<RecoveredQueue> queues = journal.load();
        for (RecoveredQueue queue : queues) {
            if (queue.queue().subscriptionOrNull() != null) {
                continue;
            }
            ShardKey key = new ShardKey(queue.queue().destination(), queue.queue().shard());
            for (int from = 0; from < queue.messages().size(); from += CHUNK) {
                engine.calls().call(key, new RecoverMessages(
                        queue.messages().subList(from, Math.min(queue.messages().size(), from + CHUNK))));
            }
            messages += queue.messages().size();
        }
        if (messages > 0 || !destinations.isEmpty()) {
            LOG.info("Recovered {} destination(s) and {} persistent message(s) in {} queue(s) from the journal",
                    destinations.size(), messages, queues.size());
        }
    }
}
