package io.cairnmq.engine.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link BrokerConfig} from string options. Every bad key or value fails with an
 * {@link EngineConfigException} that names the key and the value.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>key</th><th>default</th></tr>
 * <tr><td>cluster</td><td>{@code cairnmq-NAME}</td></tr>
 * <tr><td>dataDir</td><td>{@code ./data/NAME}</td></tr>
 * <tr><td>bind</td><td>{@code 127.0.0.1}</td></tr>
 * <tr><td>port</td><td>0 (a free port)</td></tr>
 * <tr><td>members</td><td>none: comma-separated {@code host:port}</td></tr>
 * <tr><td>backups</td><td>1</td></tr>
 * <tr><td>shards</td><td>1</td></tr>
 * <tr><td>maxMessageBytes</td><td>10 MiB</td></tr>
 * <tr><td>sendWindowBytes</td><td>1 MiB</td></tr>
 * <tr><td>users</td><td>none: the user store, a file of users, password hashes and roles; none accepts
 * everyone</td></tr>
 * <tr><td>anonymousUser</td><td>none: with {@code users}, the user that connections without
 * credentials are accepted as</td></tr>
 * <tr><td>access</td><td>none: with {@code users}, a file of the rights of roles per destination pattern;
 * none gives every user every right</td></tr>
 * <tr><td>journal</td><td>{@code sync}: see {@link WritePolicy}</td></tr>
 * <tr><td>journalGroupMillis</td><td>10 (with {@code journal=async})</td></tr>
 * <tr><td>memoryLimit</td><td>a quarter of the maximum heap; bytes, or with a k, m or g suffix</td></tr>
 * <tr><td>destinationMemoryLimit</td><td>half the memory limit</td></tr>
 * <tr><td>maxMessages, maxBytes</td><td>none: the most every queue holds (messages; bytes, with k, m, g)</td></tr>
 * <tr><td>limitPolicy</td><td>{@code spill}: {@code block}, {@code fail} or {@code spill}, see {@link LimitPolicy}</td></tr>
 * <tr><td>blockMillis</td><td>30000: how long a blocked producer waits for room</td></tr>
 * <tr><td>queue.NAME.KEY</td><td>the five limit keys above and {@code maxMessageBytes}, for the queue NAME</td></tr>
 * <tr><td>topic.NAME.KEY</td><td>the same, for the topic NAME: each of its subscriptions holds at most as much
 * (topics are not limited otherwise)</td></tr>
 * <tr><td>redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay, maxDeliveryAttempts, deadLetterQueue,
 * expiryQueue</td><td>see {@link DestinationPolicies}; also after {@code queue.PATTERN.} and
 * {@code topic.PATTERN.}</td></tr>
 * <tr><td>expiryScanMillis</td><td>30000: how often each member drops (or moves to their expiry queue) the
 * expired messages of the queues it owns; 0 never</td></tr>
 * </table>
 */
public final class BrokerConfigParser {

    /** Option keys this parser understands. */
    public static final Set<String> KEYS = withPolicyKeys("cluster", "dataDir", "bind", "port", "members",
            "backups", "shards", "maxMessageBytes", "sendWindowBytes", "users", "anonymousUser", "access",
            "journal", "journalGroupMillis",
            "memoryLimit", "destinationMemoryLimit", "maxMessages", "maxBytes", "limitPolicy", "blockMillis",
            "expiryScanMillis");

    /** The keys that can follow {@code queue.NAME.} or {@code topic.NAME.} to set one destination's limits. */
    public static final Set<String> LIMIT_KEYS = Set.of("maxMessages", "maxBytes", "maxMessageBytes",
            "limitPolicy", "blockMillis");
    private static final String QUEUE_PREFIX = "queue.";
    private static final String TOPIC_PREFIX = "topic.";

    private BrokerConfigParser() {
    }

    private static Set<String> withPolicyKeys(String... keys) {
        Set<String> all = new java.util.HashSet<>(Arrays.asList(keys));
        all.addAll(DestinationPolicies.KEYS);
        return Set.copyOf(all);
    }

    public static BrokerConfig parse(String name, Map<String, String> options) {
        if (name == null || name.isBlank()) {
            throw new EngineConfigException("A broker name is required (vm://NAME)");
        }
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeIf(BrokerConfigParser::isKey);
        if (!unknown.isEmpty()) {
            throw new EngineConfigException("Unknown broker option(s) " + unknown + "; known options are "
                    + new TreeSet<>(KEYS));
        }
        long memoryLimit = bytesOption(options, "memoryLimit", Runtime.getRuntime().maxMemory() / 4);
        int maxMessageBytes = intOption(options, "maxMessageBytes", 10 << 20, 1024, Integer.MAX_VALUE);
        return new BrokerConfig(
                name,
                options.getOrDefault("cluster", "cairnmq-" + name),
                Path.of(options.getOrDefault("dataDir", "data/" + name)),
                options.getOrDefault("bind", "127.0.0.1"),
                intOption(options, "port", 0, 0, 65535),
                members(options.get("members")),
                intOption(options, "backups", 1, 0, 6),
                intOption(options, "shards", 1, 1, DestinationSettings.MAX_SHARDS),
                maxMessageBytes,
                intOption(options, "sendWindowBytes", 1 << 20, 1024, Integer.MAX_VALUE),
                options.containsKey("users") ? Path.of(options.get("users")) : null,
                anonymousUser(options),
                accessFile(options),
                WritePolicy.parse(options.getOrDefault("journal", "sync")),
                intOption(options, "journalGroupMillis", 10, 0, 60_000),
                memoryLimit,
                bytesOption(options, "destinationMemoryLimit", memoryLimit / 2),
                destinationLimits(options, maxMessageBytes),
                DestinationPolicies.parse(options),
                longOption(options, "expiryScanMillis", 30_000, 0, 24L * 3600 * 1000));
    }

    /** The anonymous user; it means something only beside a user store, so alone it is a mistake. */
    private static String anonymousUser(Map<String, String> options) {
        String user = options.get("anonymousUser");
        if (user == null) {
            return null;
        }
        if (user.isBlank()) {
            throw new EngineConfigException("anonymousUser= needs a user name");
        }
        if (!options.containsKey("users")) {
            throw new EngineConfigException("anonymousUser=" + user + " needs a user store (users=FILE): without one"
                    + " every connection is accepted already");
        }
        return user;
    }

    /** The access file; it gives rights to the roles of the user store, so alone it is a mistake. */
    private static Path accessFile(Map<String, String> options) {
        String file = options.get("access");
        if (file == null) {
            return null;
        }
        if (file.isBlank()) {
            throw new EngineConfigException("access= needs a file name");
        }
        if (!options.containsKey("users")) {
            throw new EngineConfigException("access=" + file + " needs a user store (users=FILE): the access file"
                    + " gives rights to the roles users have there");
        }
        return Path.of(file);
    }

    /**
     * Whether a key is a broker option: one of {@link #KEYS}, or {@code queue.NAME.} or
     * {@code topic.NAME.} and a limit key, or {@code queue.PATTERN.} or {@code topic.PATTERN.}
     * and a policy key.
     */
    public static boolean isKey(String key) {
        return KEYS.contains(key) || namedDestination(key) != null || DestinationPolicies.isKey(key);
    }

    /** The destination a {@code queue.NAME.KEY} or {@code topic.NAME.KEY} option is about; null for another key. */
    private static DestinationName namedDestination(String key) {
        int dot = key.lastIndexOf('.');
        if (dot < 0 || !LIMIT_KEYS.contains(key.substring(dot + 1))) {
            return null;
        }
        if (key.startsWith(QUEUE_PREFIX) && dot > QUEUE_PREFIX.length()) {
            return DestinationName.queue(key.substring(QUEUE_PREFIX.length(), dot));
        }
        if (key.startsWith(TOPIC_PREFIX) && dot > TOPIC_PREFIX.length()) {
            return DestinationName.topic(key.substring(TOPIC_PREFIX.length(), dot));
        }
        return null;
    }

    /**
     * The limits of every queue ({@link BrokerConfig#EVERY_QUEUE}) and of the queues and topics
     * named in the options, by qualified name.
     */
    private static Map<String, DestinationLimits> destinationLimits(Map<String, String> options, int maxMessageBytes) {
        Map<String, DestinationLimits> limits = new java.util.HashMap<>();
        DestinationLimits every = limits(options, "", maxMessageBytes, DestinationLimits.unlimited(maxMessageBytes));
        limits.put(BrokerConfig.EVERY_QUEUE, every);
        for (String key : options.keySet()) {
            DestinationName named = namedDestination(key);
            if (named != null) {
                String prefix = key.substring(0, key.lastIndexOf('.') + 1);
                // A named queue starts from every queue's limits; a topic from none.
                DestinationLimits fallback = named.kind() == DestinationKind.QUEUE ? every
                        : DestinationLimits.unlimited(maxMessageBytes);
                limits.computeIfAbsent(named.qualified(),
                        q -> limits(options, prefix, fallback.maxMessageBytes(), fallback));
            }
        }
        return limits;
    }

    private static DestinationLimits limits(Map<String, String> options, String prefix, int maxMessageBytes,
                                            DestinationLimits fallback) {
        String policy = options.get(prefix + "limitPolicy");
        return new DestinationLimits(
                longOption(options, prefix + "maxMessages", fallback.maxMessages()),
                options.containsKey(prefix + "maxBytes")
                        ? bytesOption(options, prefix + "maxBytes", fallback.maxBytes()) : fallback.maxBytes(),
                intOption(options, prefix + "maxMessageBytes", maxMessageBytes, 1024, Integer.MAX_VALUE),
                policy == null ? fallback.policy() : LimitPolicy.parse(prefix + "limitPolicy", policy),
                longOption(options, prefix + "blockMillis", fallback.blockMillis() == 0 ? 30_000 : fallback.blockMillis()));
    }

    private static long longOption(Map<String, String> options, String key, long fallback) {
        return longOption(options, key, fallback, 1, Long.MAX_VALUE);
    }

    /** Bytes, or a number with a k, m or g suffix (powers of 1024). */
    private static long bytesOption(Map<String, String> options, String key, long fallback) {
        String raw = options.get(key);
        if (raw == null) {
            return fallback;
        }
        String value = raw.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            value = value.substring(0, value.length() - 1);
        }
        try {
            long bytes = Long.parseLong(value) * unit;
            if (bytes < 64 * 1024) {
                throw new EngineConfigException("Option " + key + "=" + raw + " is below the minimum of 64k");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new EngineConfigException("Option " + key + "=" + raw + " is not a number of bytes (like 512m)", e);
        }
    }

    private static int intOption(Map<String, String> options, String key, int fallback, int min, int max) {
        return (int) longOption(options, key, fallback, min, max);
    }

    /**
     * A whole-number option between {@code min} and {@code max}, or the fallback when absent; a
     * bad value fails naming the key, the value and what is expected. Node configurations read
     * their own options with it too.
     */
    public static long longOption(Map<String, String> options, String key, long fallback, long min, long max) {
        String raw = options.get(key);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new EngineConfigException("Option " + key + "=" + raw + " is not a whole number (expected "
                    + min + ".." + max + ")", e);
        }
        if (value < min || value > max) {
            throw new EngineConfigException("Option " + key + "=" + raw + " is out of range " + min + ".." + max);
        }
        return value;
    }

    private static List<String> members(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String member : Arrays.asList(raw.split(","))) {
            String trimmed = member.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new EngineConfigException("Option members=" + raw + ": '" + trimmed + "' is not host:port");
            }
            try {
                Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new EngineConfigException("Option members=" + raw + ": '" + trimmed + "' has no numeric port", e);
            }
            result.add(trimmed);
        }
        return result;
    }
}
