package io.cairnmq.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message as the engine stores it: an immutable record of the headers the engine needs to
 * act on (id, priority, persistence, times, group), the rest of the headers, typed properties
 * and the body bytes. The engine never interprets the body; {@code bodyType} is the caller's
 * tag for it.
 *
 * <p>Property values are {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer},
 * {@code Long}, {@code Float}, {@code Double} or {@code String}.
 */
public final class MessageRecord {

    /** Lowest and highest priority; higher is delivered first. */
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 9;

    private final String id;
    private final byte bodyType;
    private final int priority;
    private final boolean persistent;
    private final long timestamp;
    private final long expiration;
    private final long deliveryTime;
    private final String correlationId;
    private final String type;
    private final DestinationName replyTo;
    private final String groupId;
    private final Map<String, Object> properties;
    private final byte[] body;
    /** Computed once: memory accounting asks for it on every enqueue, lease, spill and journal append. */
    private final int estimatedSize;

    private MessageRecord(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.bodyType = b.bodyType;
        if (b.priority < MIN_PRIORITY || b.priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be 0..9, was " + b.priority);
        }
        this.priority = b.priority;
        this.persistent = b.persistent;
        this.timestamp = b.timestamp;
        this.expiration = b.expiration;
        this.deliveryTime = b.deliveryTime;
        this.correlationId = b.correlationId;
        this.type = b.type;
        this.replyTo = b.replyTo;
        this.groupId = b.groupId;
        this.properties = b.properties.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.body = b.body;
        this.estimatedSize = estimateSize();
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Unique id of the message; also what makes a retried send idempotent. */
    public String id() {
        return id;
    }

    public byte bodyType() {
        return bodyType;
    }

    public int priority() {
        return priority;
    }

    public boolean persistent() {
        return persistent;
    }

    public long timestamp() {
        return timestamp;
    }

    /** Epoch millis after which the message is dropped instead of delivered; 0 for never. */
    public long expiration() {
        return expiration;
    }

    /** Epoch millis before which the message is not delivered; 0 for at once. */
    public long deliveryTime() {
        return deliveryTime;
    }

    public String correlationId() {
        return correlationId;
    }

    public String type() {
        return type;
    }

    public DestinationName replyTo() {
        return replyTo;
    }

    /** Message group: messages of one group go to one shard, in order. May be null. */
    public String groupId() {
        return groupId;
    }

    /** Unmodifiable typed properties, in the order they were set. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** The body bytes; callers must not modify the array. May be null for no body. */
    public byte[] body() {
        return body;
    }

    /** Approximate bytes this message occupies, for limits and send windows. */
    public int estimatedSize() {
        return estimatedSize;
    }

    private int estimateSize() {
        int size = 64 + id.length() * 2 + (body == null ? 0 : body.length);
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            size += 16 + e.getKey().length() * 2
                    + (e.getValue() instanceof String s ? s.length() * 2 : 8);
        }
        return size;
    }

    public boolean isExpired(long nowMillis) {
        return expiration != 0 && expiration <= nowMillis;
    }

    /** A builder holding all of this record (the same id), to make a copy that differs in some of it. */
    public Builder toBuilder() {
        return new Builder(id).bodyType(bodyType).priority(priority).persistent(persistent).timestamp(timestamp)
                .expiration(expiration).deliveryTime(deliveryTime).correlationId(correlationId).type(type)
                .replyTo(replyTo).groupId(groupId).properties(properties).body(body);
    }

    @Override
    public String toString() {
        return "MessageRecord{" + id + ", priority=" + priority + (persistent ? ", persistent" : "") + "}";
    }

    /** Builds a {@link MessageRecord}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private byte bodyType;
        private int priority = 4;
        private boolean persistent = true;
        private long timestamp;
        private long expiration;
        private long deliveryTime;
        private String correlationId;
        private String type;
        private DestinationName replyTo;
        private String groupId;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private byte[] body;

        private Builder(String id) {
            this.id = id;
        }

        public Builder bodyType(byte value) {
            this.bodyType = value;
            return this;
        }

        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        public Builder persistent(boolean value) {
            this.persistent = value;
            return this;
        }

        public Builder timestamp(long value) {
            this.timestamp = value;
            return this;
        }

        public Builder expiration(long value) {
            this.expiration = value;
            return this;
        }

        public Builder deliveryTime(long value) {
            this.deliveryTime = value;
            return this;
        }

        public Builder correlationId(String value) {
            this.correlationId = value;
            return this;
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder replyTo(DestinationName value) {
            this.replyTo = value;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        public Builder property(String name, Object value) {
            this.properties.put(name, value);
            return this;
        }

        public Builder properties(Map<String, Object> values) {
            this.properties.putAll(values);
            return this;
        }

        public Builder body(byte[] value) {
            this.body = value;
            return this;
        }

        public MessageRecord build() {
            return new MessageRecord(this);
        }
    }
}
