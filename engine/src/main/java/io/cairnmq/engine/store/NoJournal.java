package io.cairnmq.engine.store;

import io.cairnmq.engine.queue.StoredMessage;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The journal of a member without one: keeps nothing, never waits, holds nothing at start. */
final class NoJournal implements Journal {

    @Override
    public long append(List<JournalRecord> records) {
        return 0;
    }

    @Override
    public void awaitDurable(long ticket) {
        // nothing to wait for
    }

    @Override
    public void awaitWritten(long ticket) {
        // nothing to wait for
    }

    @Override
    public long lastTicket() {
        return 0;
    }

    @Override
    public void load(int chunkSize, BiConsumer<QueueAddress, List<StoredMessage>> chunk) {
        // nothing kept
    }

    @Override
    public List<StoredMessage> readSpilled(QueueAddress queue, int priority, long afterSequence, int max) {
        return List.of();
    }

    @Override
    public List<RecoveredSubscription> subscriptions() {
        return List.of();
    }

    @Override
    public Map<QueueAddress, Map<String, io.cairnmq.engine.tx.PreparedWork>> preparedTransactions() {
        return Map.of();
    }

    @Override
    public Map<QueueAddress, Map<String, List<String>>> committedTransactions() {
        return Map.of();
    }

    @Override
    public void declare(String destination, int shards) {
        // nothing kept
    }

    @Override
    public Map<String, Integer> destinations() {
        return Map.of();
    }

    @Override
    public Map<QueueAddress, Long> versions() {
        return Map.of();
    }

    @Override
    public void forgetHeldState() {
        // nothing kept
    }

    @Override
    public void close() {
        // nothing held
    }
}
