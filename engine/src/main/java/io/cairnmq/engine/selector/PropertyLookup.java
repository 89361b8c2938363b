package io.cairnmq.engine.selector;

/** What a selector reads a message through: the value of a property or header, or null. */
@FunctionalInterface
public interface PropertyLookup {

    /**
     * @return a {@code Boolean}, a {@code String}, a {@code Long}-compatible integral number
     *         ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}), a {@code Float} or
     *         {@code Double}, or null when the message has no such value
     */
    Object value(String identifier);
}
