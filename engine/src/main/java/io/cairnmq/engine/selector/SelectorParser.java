package io.cairnmq.engine.selector;

import io.cairnmq.engine.api.InvalidSelectorSyntaxException;
import io.cairnmq.engine.selector.Expression.Type;
import io.cairnmq.engine.selector.Token.Kind;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser of the selector grammar, lowest precedence first: OR, AND, NOT,
 * comparisons and the BETWEEN / IN / LIKE / IS NULL predicates, + and -, * and /, unary sign.
 * Types that are known while parsing are checked here (a string cannot be added, a number is
 * not a condition); identifiers are typed only when a message is evaluated.
 */
final class SelectorParser {

    /** Deepest nesting of parentheses, NOT and signs a selector may have. */
    static final int MAX_NESTING = 100;
    /** Most arithmetic operators in one selector (each adds a level to the evaluation). */
    static final int MAX_ARITHMETIC_OPERATORS = 1_000;

    private final String text;
    private final List<Token> tokens;
    private int index;
    private int nesting;
    private int arithmeticOperators;

    private SelectorParser(String text) {
        this.text = text;
        this.tokens = SelectorLexer.tokenize(text);
    }

    static Expression parse(String selector) {
        SelectorParser parser = new SelectorParser(selector);
        Expression e = parser.or();
        Token rest = parser.peek();
        if (!rest.is(Kind.END)) {
            throw parser.error(rest, "expected AND, OR or the end, found " + rest.describe());
        }
        parser.requireCondition(e, parser.tokens.get(0));
        return e;
    }

    static InvalidSelectorSyntaxException syntaxError(String selector, int position, String what) {
        return new InvalidSelectorSyntaxException("Invalid message selector \"" + selector + "\": at position "
                + (position + 1) + ", " + what);
    }

    // ------------------------------------------------------------------ conditions

    private Expression or() {
        Expression first = and();
        if (!peek().is(Kind.OR)) {
            return first;
        }
        requireCondition(first, peek());
        List<Expression> operands = new ArrayList<>(List.of(first));
        while (peek().is(Kind.OR)) {
            Token op = take();
            Expression next = and();
            requireCondition(next, op);
            operands.add(next);
        }
        return new Expression.Or(List.copyOf(operands));
    }

    private Expression and() {
        Expression first = not();
        if (!peek().is(Kind.AND)) {
            return first;
        }
        requireCondition(first, peek());
        List<Expression> operands = new ArrayList<>(List.of(first));
        while (peek().is(Kind.AND)) {
            Token op = take();
            Expression next = not();
            requireCondition(next, op);
            operands.add(next);
        }
        return new Expression.And(List.copyOf(operands));
    }

    private Expression not() {
        if (peek().is(Kind.NOT)) {
            Token op = take();
            nest(op);
            Expression operand = not();
            nesting--;
            requireCondition(operand, op);
            return new Expression.Not(operand);
        }
        return predicate();
    }

    private Expression predicate() {
        Token start = peek();
        Expression left = additive();
        Token t = peek();
        switch (t.kind()) {
            case EQ, NE, LT, LE, GT, GE -> {
                take();
                Expression right = additive();
                if (t.kind() != Kind.EQ && t.kind() != Kind.NE
                        && (isOf(left, Type.STRING, Type.BOOLEAN) || isOf(right, Type.STRING, Type.BOOLEAN))) {
                    throw error(t, "strings and booleans can only be compared with = and <>");
                }
                if (left.type() != Type.ANY && right.type() != Type.ANY && left.type() != right.type()) {
                    // Known now, not only when a message is evaluated: say so at creation.
                    throw error(t, "a " + typeName(left) + " cannot be compared with a " + typeName(right));
                }
                return new Expression.Comparison(t.kind(), left, right);
            }
            case NOT -> {
                take();
                Token after = peek();
                return switch (after.kind()) {
                    case BETWEEN -> between(left, true);
                    case IN -> in(identifier(left, start, "IN"), true);
                    case LIKE -> like(identifier(left, start, "LIKE"), true);
                    default -> throw error(after, "expected BETWEEN, IN or LIKE after NOT, found " + after.describe());
                };
            }
            case BETWEEN -> {
                return between(left, false);
            }
            case IN -> {
                return in(identifier(left, start, "IN"), false);
            }
            case LIKE -> {
                return like(identifier(left, start, "LIKE"), false);
            }
            case IS -> {
                Expression.Identifier id = identifier(left, start, "IS NULL");
                take();
                boolean negated = peek().is(Kind.NOT);
                if (negated) {
                    take();
                }
                expect(Kind.NULL, "NULL");
                return new Expression.IsNull(id, negated);
            }
            default -> {
                return left;
            }
        }
    }

    private Expression between(Expression value, boolean negated) {
        Token op = take();
        requireNumeric(value, op);
        Expression low = additive();
        requireNumeric(low, op);
        expect(Kind.AND, "AND between the bounds of BETWEEN");
        Expression high = additive();
        requireNumeric(high, op);
        return new Expression.Between(value, low, high, negated);
    }

    private Expression in(Expression.Identifier id, boolean negated) {
        take();
        expect(Kind.LPAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add((String) expect(Kind.STRING, "a string literal in the IN list").value());
        } while (peek().is(Kind.COMMA) && take() != null);
        expect(Kind.RPAREN, "',' or ')' in the IN list");
        return new Expression.In(id, Set.copyOf(values), negated);
    }

    private Expression like(Expression.Identifier id, boolean negated) {
        take();
        Token pattern = expect(Kind.STRING, "a string literal pattern after LIKE");
        Character escape = null;
        if (peek().is(Kind.ESCAPE)) {
            take();
            Token e = expect(Kind.STRING, "a string literal after ESCAPE");
            String value = (String) e.value();
            if (value.length() != 1) {
                throw error(e, "the ESCAPE string must be exactly one character, was " + e.text());
            }
            escape = value.charAt(0);
        }
        try {
            return new Expression.Like(id, LikePattern.compile((String) pattern.value(), escape), negated);
        } catch (IllegalArgumentException e) {
            throw error(pattern, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ arithmetic

    private Expression additive() {
        Expression left = multiplicative();
        while (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
            Token op = take();
            countOperator(op);
            requireNumeric(left, op);
            Expression right = multiplicative();
            requireNumeric(right, op);
            left = new Expression.Arithmetic(op.kind(), left, right);
        }
        return left;
    }

    private Expression multiplicative() {
        Expression left = unary();
        while (peek().is(Kind.STAR) || peek().is(Kind.SLASH)) {
            Token op = take();
            countOperator(op);
            requireNumeric(left, op);
            Expression right = unary();
            requireNumeric(right, op);
            left = new Expression.Arithmetic(op.kind(), left, right);
        }
        return left;
    }

    private Expression unary() {
        if (peek().is(Kind.MINUS) || peek().is(Kind.PLUS)) {
            Token sign = take();
            boolean minus = sign.is(Kind.MINUS);
            if (minus && peek().is(Kind.EXACT)) {
                Object value = take().value();
                // -9223372036854775808 is a long even though its magnitude alone is not; a
                // hexadecimal, octal or binary literal is a long already and negates as in Java.
                long negated = value instanceof BigInteger magnitude ? magnitude.negate().longValueExact()
                        : -(Long) value;
                return new Expression.Literal(negated, Type.NUMERIC);
            }
            nest(sign);
            Expression operand = unary();
            nesting--;
            requireNumeric(operand, sign);
            return minus ? new Expression.Negate(operand) : operand;
        }
        return primary();
    }

    private Expression primary() {
        Token t = take();
        return switch (t.kind()) {
            case STRING -> new Expression.Literal(t.value(), Type.STRING);
            case EXACT -> {
                if (t.value() instanceof Long value) {
                    yield new Expression.Literal(value, Type.NUMERIC);
                }
                BigInteger value = (BigInteger) t.value();
                if (value.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                    throw error(t, "number " + t.text() + " is out of the range of a long");
                }
                yield new Expression.Literal(value.longValue(), Type.NUMERIC);
            }
            case APPROXIMATE -> new Expression.Literal(t.value(), Type.NUMERIC);
            case TRUE -> new Expression.Literal(Boolean.TRUE, Type.BOOLEAN);
            case FALSE -> new Expression.Literal(Boolean.FALSE, Type.BOOLEAN);
            case IDENTIFIER -> new Expression.Identifier(t.text());
            case LPAREN -> {
                nest(t);
                Expression inner = or();
                nesting--;
                expect(Kind.RPAREN, "')'");
                yield inner;
            }
            case NULL -> throw error(t, "NULL can only be tested with IS NULL or IS NOT NULL");
            default -> throw error(t, "expected a value, an identifier or '(', found " + t.describe());
        };
    }

    // ------------------------------------------------------------------ helpers

    /** Bounds how deeply expressions nest, so that evaluating one never exhausts a thread's stack. */
    private void nest(Token at) {
        if (++nesting > MAX_NESTING) {
            throw error(at, "parentheses, NOT and signs nest more than " + MAX_NESTING + " levels deep");
        }
    }

    private void countOperator(Token at) {
        if (++arithmeticOperators > MAX_ARITHMETIC_OPERATORS) {
            throw error(at, "more than " + MAX_ARITHMETIC_OPERATORS + " arithmetic operators");
        }
    }

    private Expression.Identifier identifier(Expression e, Token start, String construct) {
        if (e instanceof Expression.Identifier id) {
            return id;
        }
        throw error(start, construct + " applies to an identifier only");
    }

    private void requireCondition(Expression e, Token at) {
        if (e.type() != Type.BOOLEAN && e.type() != Type.ANY) {
            throw error(at, "expected a condition (true, false or unknown), found a "
                    + e.type().name().toLowerCase(Locale.ROOT) + " value");
        }
    }

    private void requireNumeric(Expression e, Token at) {
        if (e.type() != Type.NUMERIC && e.type() != Type.ANY) {
            throw error(at, at.describe() + " needs numbers, found a " + e.type().name().toLowerCase(Locale.ROOT)
                    + " value");
        }
    }

    private static String typeName(Expression e) {
        return e.type() == Type.NUMERIC ? "number" : e.type().name().toLowerCase(Locale.ROOT);
    }

    private static boolean isOf(Expression e, Type a, Type b) {
        return e.type() == a || e.type() == b;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token take() {
        Token t = tokens.get(index);
        if (!t.is(Kind.END)) {
            index++;
        }
        return t;
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (!t.is(kind)) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return take();
    }

    private InvalidSelectorSyntaxException error(Token at, String what) {
        return syntaxError(text, at.position(), what);
    }
}
