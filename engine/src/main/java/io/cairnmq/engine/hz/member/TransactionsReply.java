package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an entry holds of transactions: those prepared there, and the decisions it coordinates. */
public final class TransactionsReply implements IdentifiedDataSerializable {

    private Map<String, List<String>> prepared = Map.of();
    private Map<String, List<String>> committed = Map.of();

    public TransactionsReply() {
        // for deserialization
    }

    /**
     * @param prepared  prepared transactions: id to its coordinator's and its committer's ids
     * @param committed decisions the entry coordinates: id to the other participants' keys
     */
    public TransactionsReply(Map<String, List<String>> prepared, Map<String, List<String>> committed) {
        this.prepared = prepared;
        this.committed = committed;
    }

    /**
     * The transactions prepared on the entry, by id, each with its coordinator and committer and,
     * for one its caller decides, every entry it spans.
     */
    public Map<String, List<String>> preparedTransactions() {
        return prepared;
    }

    /** The decisions the entry coordinates, by id, each with the other participants' keys. */
    public Map<String, List<String>> committedTransactions() {
        return committed;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.TRANSACTIONS_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        writeIdLists(out, prepared);
        writeIdLists(out, committed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        prepared = readIdLists(in);
        committed = readIdLists(in);
    }

    private static void writeIdLists(ObjectDataOutput out, Map<String, List<String>> lists) throws IOException {
        out.writeInt(lists.size());
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            out.writeString(e.getKey());
            TransactionCodec.writeIds(out, e.getValue());
        }
    }

    private static Map<String, List<String>> readIdLists(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            lists.put(in.readString(), TransactionCodec.readIds(in));
        }
        return lists;
    }
}
