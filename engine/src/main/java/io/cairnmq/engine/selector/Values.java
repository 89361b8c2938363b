package io.cairnmq.engine.selector;

/**
 * The value rules of selectors (section 3.8.1): integral numbers are longs and approximate ones
 * doubles, a long meets a double as a double; a comparison with null is unknown (null), a
 * comparison of unlike types is false, and arithmetic on anything but numbers is unknown.
 */
final class Values {

    private Values() {
    }

    /** A property value in the selector's own types; a value of any other type is unknown. */
    static Object normalize(Object v) {
        if (v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return null;
    }

    static Boolean asBoolean(Object v) {
        return v instanceof Boolean b ? b : null;
    }

    /**
     * AND ({@code decisive} false) or OR ({@code decisive} true) of the operands with SQL's
     * three-valued logic: the decisive value wins, else unknown if any operand is unknown.
     */
    static Boolean junction(java.util.List<Expression> operands, PropertyLookup message, Boolean decisive) {
        Boolean result = !decisive;
        for (Expression operand : operands) {
            Boolean b = asBoolean(operand.evaluate(message));
            result = decisive ? either(result, b) : both(result, b);
            if (decisive.equals(result)) {
                return result;
            }
        }
        return result;
    }

    /** AND of two truth values with SQL's three-valued logic. */
    static Boolean both(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return Boolean.FALSE;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    /** OR of two truth values with SQL's three-valued logic. */
    static Boolean either(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return Boolean.TRUE;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    static Boolean not(Boolean b) {
        return b == null ? null : !b;
    }

    static Boolean compare(Token.Kind operator, Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        int order;
        if (left instanceof Long l && right instanceof Long r) {
            order = Long.compare(l, r);
        } else if (isNumber(left) && isNumber(right)) {
            double l = ((Number) left).doubleValue();
            double r = ((Number) right).doubleValue();
            if (Double.isNaN(l) || Double.isNaN(r)) {
                return null;
            }
            order = Double.compare(l == 0.0 ? 0.0 : l, r == 0.0 ? 0.0 : r);
        } else if (left.getClass() == right.getClass()) {
            // Strings and booleans: only equality is defined; an order cannot hold.
            return switch (operator) {
                case EQ -> left.equals(right);
                case NE -> !left.equals(right);
                default -> Boolean.FALSE;
            };
        } else {
            // "If the comparison of non-like type values is attempted, the value of the
            // operation is false."
            return Boolean.FALSE;
        }
        return switch (operator) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            default -> throw new IllegalArgumentException("not a comparison: " + operator);
        };
    }

    static Object arithmetic(Token.Kind operator, Object left, Object right) {
        if (!isNumber(left) || !isNumber(right)) {
            return null;
        }
        if (left instanceof Long l && right instanceof Long r) {
            return switch (operator) {
                case PLUS -> l + r;
                case MINUS -> l - r;
                case STAR -> l * r;
                case SLASH -> r == 0 ? null : l / r;
                default -> throw new IllegalArgumentException("not arithmetic: " + operator);
            };
        }
        double l = ((Number) left).doubleValue();
        double r = ((Number) right).doubleValue();
        return switch (operator) {
            case PLUS -> l + r;
            case MINUS -> l - r;
            case STAR -> l * r;
            case SLASH -> l / r;
            default -> throw new IllegalArgumentException("not arithmetic: " + operator);
        };
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }
}
