package io.cairnmq.protocol;

/**
 * The node's answer to a {@link Hello} it accepts: the connection's id in the cluster, the node's
 * name, its heartbeat interval and the largest frame it accepts (a client checks its frames
 * against it, so that a message too large is refused before it is sent, with a clear error).
 */
public record Welcome(int version, String connectionId, String node, long heartbeatMillis, int maxFrameBytes) {

    public void write(FrameOutput out) {
        out.writeInt(version).writeString(connectionId).writeString(node).writeLong(heartbeatMillis)
                .writeInt(maxFrameBytes);
    }

    public static Welcome read(FrameInput in) {
        Welcome welcome = new Welcome(in.readInt(), in.readString(), in.readString(), in.readLong(), in.readInt());
        in.end();
        return welcome;
    }
}
