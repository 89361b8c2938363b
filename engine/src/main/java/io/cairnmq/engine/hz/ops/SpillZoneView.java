package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;

/** A queue's disk backlog as its owner saw it: per priority, the cursor and the count; and the memory left. */
public final class SpillZoneView implements IdentifiedDataSerializable {

    static final SpillZoneView EMPTY = new SpillZoneView();
    private static final int PRIORITIES = MessageRecord.MAX_PRIORITY + 1;

    private long[] cursors = new long[PRIORITIES];
    private int[] counts = new int[PRIORITIES];
    private long memoryBudget;

    public SpillZoneView() {
        // for deserialization
    }

    static SpillZoneView of(ShardState queue, long memoryBudget) {
        SpillZoneView view = new SpillZoneView();
        for (int p = 0; p < PRIORITIES; p++) {
            view.cursors[p] = queue.spillCursor(p);
            view.counts[p] = queue.spilledCount(p);
        }
        view.memoryBudget = memoryBudget;
        return view;
    }

    /** Spilled messages of this priority have sequences above this. */
    public long cursor(int priority) {
        return cursors[priority];
    }

    public int count(int priority) {
        return counts[priority];
    }

    public boolean isEmpty() {
        for (int c : counts) {
            if (c > 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes the queue may still bring into memory. */
    public long memoryBudget() {
        return memoryBudget;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.SPILL_ZONE_VIEW;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLongArray(cursors);
        out.writeIntArray(counts);
        out.writeLong(memoryBudget);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        cursors = in.readLongArray();
        counts = in.readIntArray();
        memoryBudget = in.readLong();
    }
}
