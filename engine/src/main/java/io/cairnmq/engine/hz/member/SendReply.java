package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.ShardCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply of a change that sends messages (an enqueue, a transaction's commit on an entry):
 * the messages handed straight to consumers waiting on the producer's member, whether its sender
 * waits for the journal's write before sending more, and, for a batch refused by a full
 * destination, whether its sender now waits for room.
 */
public final class SendReply extends ShardReply {

    private List<HandedOff> handedOff = List.of();
    private boolean writeBeforeMore;
    private boolean waitsForRoom;

    public SendReply() {
        // done, nothing sent; also for deserialization
    }

    /** Messages sent, of which these were handed straight to waiting consumers. */
    public static SendReply sent(List<HandedOff> handedOff) {
        SendReply reply = new SendReply();
        reply.handedOff = handedOff;
        return reply;
    }

    /** Refused, and why: nothing changed. */
    public static SendReply refused(String why) {
        return refusing(new SendReply(), why);
    }

    /** Refused by a full destination, which registered the sender to be told when messages leave. */
    public static SendReply refusedUntilRoom(String why) {
        SendReply reply = refused(why);
        reply.waitsForRoom = true;
        return reply;
    }

    /** For an enqueue: messages leased straight to consumers waiting on the producer's member. */
    public List<HandedOff> handedOff() {
        return handedOff;
    }

    /** The hand-offs were delivered on the shard's owner: nothing left for the caller to deliver. */
    void handedOffDelivered() {
        handedOff = List.of();
    }

    /** The sender waits until the journal wrote this change before sending more, when {@code wait}; returns this reply. */
    public SendReply writeBeforeMore(boolean wait) {
        this.writeBeforeMore |= wait;
        return this;
    }

    /**
     * Whether its sender waits until the journal wrote it before sending more. Messages that
     * went to disk only are held by the journal's queue until written, and a journal behind its
     * disk must not queue without bound: the producer is slowed down instead.
     */
    public boolean writeBeforeMore() {
        return writeBeforeMore;
    }

    /** For a refused batch: its sender is registered to be told when there is room again. */
    public boolean waitsForRoom() {
        return waitsForRoom;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.SEND_REPLY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeInt(handedOff.size());
        for (HandedOff h : handedOff) {
            ShardCodec.writeHolder(out, h.holder());
            ShardCodec.writeStoredList(out, h.messages());
            out.writeBoolean(h.stillWaiting());
            out.writeLong(h.waiterVersion());
            LongStrings.writeNullable(out, h.subscription());
        }
        out.writeBoolean(writeBeforeMore);
        out.writeBoolean(waitsForRoom);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        List<HandedOff> read = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            read.add(new HandedOff(ShardCodec.readHolder(in), ShardCodec.readStoredList(in), in.readBoolean(),
                    in.readLong(), LongStrings.readNullable(in)));
        }
        handedOff = read;
        writeBeforeMore = in.readBoolean();
        waitsForRoom = in.readBoolean();
    }
}
