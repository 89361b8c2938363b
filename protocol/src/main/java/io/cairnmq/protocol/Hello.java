package io.cairnmq.protocol;

/**
 * The client's first frame: the protocol it speaks, who it is, and how often it will send a
 * heartbeat when it has nothing else to send.
 */
public record Hello(int version, String user, String password, long heartbeatMillis, String clientName) {

    /** Written first, so that a node can tell a CairnMQ client from anything else on its port. */
    public static final int MAGIC = 0x4361524E;

    public void write(FrameOutput out) {
        out.writeInt(MAGIC).writeInt(version).writeString(user).writeString(password)
                .writeLong(heartbeatMillis).writeString(clientName);
    }

    public static Hello read(FrameInput in) {
        if (in.readInt() != MAGIC) {
            throw new ProtocolException("Not a CairnMQ client: the first frame does not start with the protocol's mark");
        }
        Hello hello = new Hello(in.readInt(), in.readString(), in.readString(), in.readLong(), in.readString());
        in.end();
        if (hello.heartbeatMillis < 100) {
            throw new ProtocolException("A heartbeat interval of " + hello.heartbeatMillis + " ms; at least 100 ms is needed");
        }
        return hello;
    }

    @Override
    public String toString() {
        // Never the password.
        return "Hello[version=" + version + ", user=" + user + ", client=" + clientName + "]";
    }
}
