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

    /** {@code =, <>, <, <=, >, >=}: values of different types compare as unknown. */
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

    /** {@code a [NOT] BETWEEN low AND high}, the same as {@code low <= a AND a <= high}. */
    record Between(Expression value, Expression low, Expression high, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            Object v = value.evaluate(message);
            Boolean aboveLow = Values.asBoolean(Values.compare(Token.Kind.GE, v, low.evaluate(message)));
            Boolean belowHigh = Values.asBoolean(Values.compare(Token.Kind.LE, v, high.evaluate(message)));
            Boolean inside;
            if (Boolean.FALSE.equals(aboveLow) || Boolean.FALSE.equals(belowHigh)) {
                inside = Boolean.FALSE;
            } else {
                inside = aboveLow == null || belowHigh == null ? null : Boolean.TRUE;
            }
            return negated ? Values.not(inside) : inside;
        }
    }

    /** {@code identifier [NOT] IN ('a', 'b', ...)}: unknown when the identifier is null or not a string. */
    record In(Identifier identifier, Set<String> values, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            if (!(identifier.evaluate(message) instanceof String s)) {
                return null;
            }
            return values.contains(s) != negated;
        }
    }

    /** {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}. */
    record Like(Identifier identifier, LikePattern pattern, boolean negated) implements Condition {
        @Override
        public Object evaluate(PropertyLookup message) {
            if (!(identifier.evaluate(message) instanceof String s)) {
                return null;
            }
            return pattern.matches(s) != negated;
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
