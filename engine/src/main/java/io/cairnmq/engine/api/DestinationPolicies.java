package io.cairnmq.engine.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DeliveryPolicy} of every destination, from broker options: each key alone sets it
 * for every destination, and after {@code queue.PATTERN.} or {@code topic.PATTERN.} for those
 * the {@link DestinationPattern} matches (an exact name, or with {@code *} and {@code >}). Each
 * key is taken from the most specific pattern that sets it, else from the key alone, else its
 * default; so {@code queue.orders.>.maxDeliveryAttempts=3} and
 * {@code queue.orders.eu.deadLetterQueue=eu.DLQ} together give {@code orders.eu} both.
 *
 * <p>A queue is never its own dead-letter or expiry queue: a message out of attempts on its
 * dead-letter queue stays there, and one that expires on its expiry queue is dropped.
 * {@code exclusive} and {@code lastValueKey} are about queues: a topic ignores them alone and
 * refuses them after {@code topic.PATTERN.}.
 */
public final class DestinationPolicies {

    /** The option keys of a delivery policy. */
    public static final Set<String> KEYS = Set.of("redeliveryDelay", "redeliveryMultiplier", "maxRedeliveryDelay",
            "maxDeliveryAttempts", "deadLetterQueue", "expiryQueue", "exclusive", "lastValueKey");
    /** The keys that are about queues only. */
    private static final Set<String> QUEUE_KEYS = Set.of("exclusive", "lastValueKey");

    /** Settings of the destinations a pattern matches, by key. */
    private record Rule(DestinationPattern pattern, Map<String, String> values) {
    }

    private final Map<String, String> everywhere;
    /** Most specific first. */
    private final List<Rule> rules;
    /** Computed once per destination: a partition thread asks on every lease and release. */
    private final Map<String, DeliveryPolicy> byQualifiedName = new ConcurrentHashMap<>();
    /** Every temporary destination's. */
    private final DeliveryPolicy temporary;

    private DestinationPolicies(Map<String, String> everywhere, List<Rule> rules) {
        this.everywhere = everywhere;
        this.rules = rules;
        this.temporary = resolve(DestinationName.queue(DestinationName.TEMPORARY_PREFIX + "any"));
    }

    /** Every destination gets {@link DeliveryPolicy#DEFAULT}. */
    public static DestinationPolicies defaults() {
        return new DestinationPolicies(Map.of(), List.of());
    }

    /**
     * Reads the policy keys among broker options; every value is checked here, so that a bad one
     * fails the broker's start naming the key.
     *
     * @throws EngineConfigException for a bad pattern or value
     */
    public static DestinationPolicies parse(Map<String, String> options) {
        Map<String, String> everywhere = new HashMap<>();
        Map<DestinationPattern, Map<String, String>> byPattern = new HashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            if (KEYS.contains(key)) {
                everywhere.put(key, option.getValue());
            } else {
                String[] patternAndKey = patternAndKey(key);
                if (patternAndKey != null) {
                    DestinationPattern pattern;
                    try {
                        pattern = DestinationPattern.parse(patternAndKey[0]);
                    } catch (IllegalArgumentException e) {
                        throw new EngineConfigException("Option " + key + ": " + e.getMessage(), e);
                    }
                    if (pattern.kind() == DestinationKind.TOPIC && QUEUE_KEYS.contains(patternAndKey[1])) {
                        throw new EngineConfigException("Option " + key + ": " + patternAndKey[1]
                                + " is about queues; a topic's subscriptions do not take it");
                    }
                    byPattern.computeIfAbsent(pattern, p -> new HashMap<>()).put(patternAndKey[1], option.getValue());
                }
            }
        }
        List<Rule> rules = new ArrayList<>();
        byPattern.forEach((pattern, values) -> rules.add(new Rule(pattern, Map.copyOf(values))));
        rules.sort(Comparator.comparing(Rule::pattern));
        DestinationPolicies policies = new DestinationPolicies(Map.copyOf(everywhere), List.copyOf(rules));
        policies.check();
        return policies;
    }

    /** Whether a key is a policy key, alone or after {@code queue.PATTERN.} or {@code topic.PATTERN.}. */
    public static boolean isKey(String key) {
        return KEYS.contains(key) || patternAndKey(key) != null;
    }

    /** {@code queue:PATTERN} (or {@code topic:PATTERN}) and the policy key of a per-destination option; null for another key. */
    private static String[] patternAndKey(String key) {
        int dot = key.lastIndexOf('.');
        if (dot < 0 || !KEYS.contains(key.substring(dot + 1))) {
            return null;
        }
        for (DestinationKind kind : DestinationKind.values()) {
            String prefix = kind.name().toLowerCase(Locale.ROOT) + ".";
            if (key.startsWith(prefix) && dot > prefix.length()) {
                return new String[] {kind.prefix() + key.substring(prefix.length(), dot), key.substring(dot + 1)};
            }
        }
        return null;
    }

    /**
     * The policy of a destination. A temporary one's comes from the keys alone (its name is made
     * up, so no pattern is about it), and is not cached per name: there may be any number.
     */
    public DeliveryPolicy policyFor(DestinationName destination) {
        if (destination.isTemporary()) {
            return temporary;
        }
        return byQualifiedName.computeIfAbsent(destination.qualified(), q -> resolve(destination));
    }

    /** As {@link #policyFor(DestinationName)}, by qualified name: a partition thread asks this way on every lease. */
    public DeliveryPolicy policyFor(String qualifiedName) {
        DeliveryPolicy known = byQualifiedName.get(qualifiedName);
        return known != null ? known : policyFor(DestinationName.parseQualified(qualifiedName));
    }

    private DeliveryPolicy resolve(DestinationName destination) {
        Map<String, String> chosen = new HashMap<>(everywhere);
        Map<String, String> keyOrigin = new HashMap<>();
        everywhere.keySet().forEach(k -> keyOrigin.put(k, k));
        if (!destination.isTemporary()) {
            // Least specific first, so that a more specific rule overwrites each key it sets.
            for (int i = rules.size() - 1; i >= 0; i--) {
                Rule rule = rules.get(i);
                if (rule.pattern().matches(destination)) {
                    chosen.putAll(rule.values());
                    rule.values().keySet().forEach(k -> keyOrigin.put(k, optionName(rule.pattern(), k)));
                }
            }
        }
        long delay = millis(chosen, keyOrigin, "redeliveryDelay", 0);
        DeliveryPolicy policy = new DeliveryPolicy(delay,
                multiplier(chosen, keyOrigin),
                millis(chosen, keyOrigin, "maxRedeliveryDelay", delay * 10),
                (int) whole(chosen, keyOrigin, "maxDeliveryAttempts", DeliveryPolicy.DEFAULT_MAX_DELIVERY_ATTEMPTS,
                        Integer.MAX_VALUE),
                queueName(chosen, keyOrigin, "deadLetterQueue", DeliveryPolicy.DEFAULT_DEAD_LETTER_QUEUE),
                queueName(chosen, keyOrigin, "expiryQueue", null),
                destination.kind() == DestinationKind.QUEUE && flag(chosen, keyOrigin, "exclusive"),
                destination.kind() == DestinationKind.QUEUE ? propertyName(chosen, keyOrigin, "lastValueKey") : null);
        return withoutSelfReference(destination, policy);
    }

    private static DeliveryPolicy withoutSelfReference(DestinationName destination, DeliveryPolicy policy) {
        if (destination.kind() != DestinationKind.QUEUE) {
            return policy;
        }
        boolean ownDeadLetters = destination.name().equals(policy.deadLetterQueue());
        boolean ownExpiry = destination.name().equals(policy.expiryQueue());
        if (!ownDeadLetters && !ownExpiry) {
            return policy;
        }
        return new DeliveryPolicy(policy.redeliveryDelayMillis(), policy.redeliveryMultiplier(),
                policy.maxRedeliveryDelayMillis(), ownDeadLetters ? 0 : policy.maxDeliveryAttempts(),
                policy.deadLetterQueue(), ownExpiry ? null : policy.expiryQueue(), policy.exclusive(),
                policy.lastValueProperty());
    }

    /** Reads every value once, so that a mistake fails at start, not at a destination's first use. */
    private void check() {
        checkValues(everywhere, k -> k);
        for (Rule rule : rules) {
            checkValues(rule.values(), k -> optionName(rule.pattern(), k));
        }
    }

    private static void checkValues(Map<String, String> values, java.util.function.UnaryOperator<String> name) {
        Map<String, String> origin = new HashMap<>();
        values.keySet().forEach(k -> origin.put(k, name.apply(k)));
        millis(values, origin, "redeliveryDelay", 0);
        multiplier(values, origin);
        millis(values, origin, "maxRedeliveryDelay", 0);
        whole(values, origin, "maxDeliveryAttempts", 0, Integer.MAX_VALUE);
        queueName(values, origin, "deadLetterQueue", null);
        queueName(values, origin, "expiryQueue", null);
        flag(values, origin, "exclusive");
        propertyName(values, origin, "lastValueKey");
    }

    private static boolean flag(Map<String, String> values, Map<String, String> origin, String key) {
        String raw = values.get(key);
        if (raw == null) {
            return false;
        }
        String value = raw.trim();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new EngineConfigException("Option " + origin.get(key) + "=" + raw + " is not true or false");
    }

    /** A message property's name; empty for none (null). */
    private static String propertyName(Map<String, String> values, Map<String, String> origin, String key) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.trim();
        if (!Character.isJavaIdentifierStart(name.charAt(0))
                || !name.chars().skip(1).allMatch(Character::isJavaIdentifierPart)) {
            throw new EngineConfigException("Option " + origin.get(key) + "=" + raw
                    + " is not a message property name (letters, digits, '_' and '$', not starting with a digit)");
        }
        return name;
    }

    private static String optionName(DestinationPattern pattern, String key) {
        return pattern.kind().name().toLowerCase(Locale.ROOT) + "." + String.join(".", pattern.segments()) + "." + key;
    }

    private static long millis(Map<String, String> values, Map<String, String> origin, String key, long fallback) {
        return whole(values, origin, key, fallback, Long.MAX_VALUE);
    }

    private static long whole(Map<String, String> values, Map<String, String> origin, String key, long fallback,
                              long max) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        return BrokerConfigParser.longOption(Map.of(origin.get(key), raw), origin.get(key), fallback, 0, max);
    }

    private static double multiplier(Map<String, String> values, Map<String, String> origin) {
        String raw = values.get("redeliveryMultiplier");
        if (raw == null) {
            return 1.0;
        }
        try {
            double value = Double.parseDouble(raw.trim());
            if (value >= 1.0 && value <= 1000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EngineConfigException("Option " + origin.get("redeliveryMultiplier") + "=" + raw
                + " is not a number between 1 and 1000 (each failed delivery multiplies the delay by it)");
    }

    /** A queue name; empty for none (null). */
    private static String queueName(Map<String, String> values, Map<String, String> origin, String key,
                                    String fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        String name = raw.trim();
        if (name.isEmpty()) {
            return null;
        }
        try {
            DestinationName queue = DestinationName.queue(name);
            if (queue.isTemporary()) {
                throw new EngineConfigException("Option " + origin.get(key) + "=" + raw
                        + " names a temporary queue, which goes with its connection");
            }
        } catch (InvalidDestinationNameException e) {
            throw new EngineConfigException("Option " + origin.get(key) + "=" + raw + ": " + e.getMessage(), e);
        }
        return name;
    }
}
