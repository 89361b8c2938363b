package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.TransactionsReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.tx.EntryTransactions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads on its owner what an entry holds of transactions: those prepared on it (with their
 * coordinator and committer), and the decisions it coordinates (with their other participants),
 * so that transactions whose committer is gone can be finished.
 */
public final class ReadTransactions extends ShardReading<TransactionsReply> {

    @Override
    public TransactionsReply process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardEntry value = entry.getValue();
        if (value == null || value.transactions().isEmpty()) {
            return new TransactionsReply(Map.of(), Map.of());
        }
        EntryTransactions transactions = value.transactions();
        Map<String, List<String>> prepared = new LinkedHashMap<>();
        transactions.allPrepared().forEach((id, work) -> {
            List<String> refs = new java.util.ArrayList<>(List.of(work.coordinator(), work.committer()));
            refs.addAll(work.entries());
            prepared.put(id, refs);
        });
        return new TransactionsReply(prepared, transactions.allCommitted());
    }

    @Override
    public int getClassId() {
        return HzDataFactory.READ_TRANSACTIONS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no fields
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no fields
    }
}
