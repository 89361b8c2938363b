package io.cairnmq.jms.message;

/** The body kind of a message, stored as the engine record's body-type tag. */
public enum BodyType {
    MESSAGE, TEXT, BYTES, MAP, OBJECT, STREAM;

    public byte tag() {
        return (byte) ordinal();
    }

    public static BodyType fromTag(byte tag) {
        BodyType[] all = values();
        if (tag < 0 || tag >= all.length) {
            throw new IllegalArgumentException("Unknown body type tag " + tag);
        }
        return all[tag];
    }
}
