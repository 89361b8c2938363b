package io.cairnmq.engine.selector;

/** A compiled message selector. Immutable and thread-safe. */
public final class Selector {

    private final String text;
    private final Expression expression;

    Selector(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** Whether the message is selected: the condition is true (not false, not unknown). */
    public boolean matches(PropertyLookup message) {
        return Boolean.TRUE.equals(expression.evaluate(message));
    }

    /** The selector as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
