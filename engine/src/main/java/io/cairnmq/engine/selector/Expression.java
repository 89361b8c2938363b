package io.cairnmq.engine.selector;

import java.util.List;
import java.util.Set;

/**
 * A compiled selector expression. {@link #evaluate} returns {@code Boolean}, {@code Long},
 * {@code Double}, {@code String} or null, which stands for SQL's "unknown".
 */
sealed interface Expression {

    /** What an expression yields, as far as the parser can tell; identifiers can be anything. */
    enum Type { BOOLEAN, NUMERIC, STRING, ANY }

    Object evaluate(PropertyLookup message);

    Type type();

    /** An expression that yields a truth value (or unknown). */
    sealed interface Condition extends Expression {
        @Override
        default Type type() {
            return Type.BOOLEAN;
        }
    }

    record Literal(Object value, Type type) implements Expression {
        @Override
        public Object evaluate(PropertyLookup message) {
            return value;
        }
    }

    record Identifier(String name) implements Expression {
        @Override
        public Object evaluate(PropertyLookup message) {
            return Values.normalize(message.value(name));
        }

        @Override
        public Type type() {
            return Type.ANY;
        }
    }

    record Not(Expression operand) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            return Values.not(Values.asBoolean(operand.evaluate(message)));
        }
    }

    /** Conditions joined by AND; a chain is one node, so that long chains do not nest deeply. */
    record And(List<Expression> operands) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            return Values.junction(operands, message, Boolean.FALSE);
        }
    }

    /** Conditions joined by OR, as one node. */
    record Or(List<Expression> operands) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            return Values.junction(operands, message, Boolean.TRUE);
        }
    }

    /** {@code =, <>, <, <=, >, >=}: values of unlike types compare as false, a null as unknown. */
    record Comparison(Token.Kind operator, Expression left, Expression right) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            return Values.compare(operator, left.evaluate(message), right.evaluate(message));
        }
    }

    /** {@code + - * /} on numbers; anything else gives unknown. */
    record Arithmetic(Token.Kind operator, Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(PropertyLookup message) {
            return Values.arithmetic(operator, left.evaluate(message), right.evaluate(message));
        }

        @Override
        public Type type() {
            return Type.NUMERIC;
        }
    }

    record Negate(Expression operand) implements Expression {
        @Override
        public Object evaluate(PropertyLookup message) {
            Object v = operand.evaluate(message);
            if (v instanceof Long l) {
                return -l;
            }
            return v instanceof Double d ? -d : null;
        }

        @Override
        public Type type() {
            return Type.NUMERIC;
        }
    }

    /**
     * {@code a BETWEEN low AND high}, the same as {@code a >= low AND a <= high}; {@code a NOT
     * BETWEEN low AND high}, the same as {@code a < low OR a > high} (section 3.8.1.1), which
     * differ from each other's negation when a value is not a number.
     */
    record Between(Expression value, Expression low, Expression high, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            Object v = value.evaluate(message);
            Object lowValue = low.evaluate(message);
            Object highValue = high.evaluate(message);
            if (negated) {
                return Values.either(Values.compare(Token.Kind.LT, v, lowValue),
                        Values.compare(Token.Kind.GT, v, highValue));
            }
            return Values.both(Values.compare(Token.Kind.GE, v, lowValue), Values.compare(Token.Kind.LE, v, highValue));
        }
    }

    /**
     * {@code identifier [NOT] IN ('a', 'b', ...)}: unknown when the identifier is null; as a
     * chain of {@code =}, false for a value that is not a string, and its NOT true.
     */
    record In(Identifier identifier, Set<String> values, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            Object v = identifier.evaluate(message);
            if (v == null) {
                return null;
            }
            return (v instanceof String s && values.contains(s)) != negated;
        }
    }

    /**
     * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}: unknown when the identifier is null;
     * like a comparison, false for a value that is not a string, and its NOT true.
     */
    record Like(Identifier identifier, LikePattern pattern, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            Object v = identifier.evaluate(message);
            if (v == null) {
                return null;
            }
            return (v instanceof String s && pattern.matches(s)) != negated;
        }
    }

    /** {@code identifier IS [NOT] NULL}: never unknown. */
    record IsNull(Identifier identifier, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            return (identifier.evaluate(message) == null) != negated;
        }
    }
}
