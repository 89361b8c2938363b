package io.cairnmq.engine.hz.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.selector.Selector;
import io.cairnmq.engine.selector.Selectors;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.QueueAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs on a holder of a shard and reads a page of a queue's disk backlog from its journal: the
 * spilled messages of one priority after a sequence, those the selector (if any) matches. A
 * browser reads the owner's, so that it sees a spilled queue whole without loading it; a member
 * that has just become a holder reads another holder's, to copy the backlog into its own journal.
 */
public final class BrowseSpilled implements Callable<BrowseReply>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private String destination;
    private int shard;
    private String subscription;
    private int priority;
    private long afterSequence;
    private int max;
    private String selector;
    private transient MemberContext member;

    public BrowseSpilled() {
        // for deserialization
    }

    public BrowseSpilled(ShardKey key, String subscription, int priority, long afterSequence, int max, String selector) {
        this.destination = key.destination();
        this.shard = key.index();
        this.subscription = subscription;
        this.priority = priority;
        this.afterSequence = afterSequence;
        this.max = max;
        this.selector = selector;
    }

    /** For a call on this member. */
    public BrowseSpilled on(MemberContext localMember) {
        this.member = localMember;
        return this;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = MemberContext.of(hazelcastInstance);
    }

    /** Up to {@code max} matching messages, in sequence order; fewer only at the end of the backlog. */
    @Override
    public BrowseReply call() {
        Journal journal = member.services().journal();
        journal.awaitWritten(journal.lastTicket());
        Selector compiled = Selectors.compile(selector);
        QueueAddress queue = QueueAddress.of(destination, shard, subscription);
        List<StoredMessage> page = new ArrayList<>();
        journal.visitSpilled(queue, priority, afterSequence, m -> {
            if (m.matches(compiled)) {
                page.add(m);
            }
            return page.size() < max;
        });
        return new BrowseReply(page);
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.BROWSE_SPILLED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(destination);
        out.writeInt(shard);
        LongStrings.writeNullable(out, subscription);
        out.writeInt(priority);
        out.writeLong(afterSequence);
        out.writeInt(max);
        LongStrings.writeNullable(out, selector);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        destination = in.readString();
        shard = in.readInt();
        subscription = LongStrings.readNullable(in);
        priority = in.readInt();
        afterSequence = in.readLong();
        max = in.readInt();
        selector = LongStrings.readNullable(in);
    }
}
