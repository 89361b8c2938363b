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
 * <tr><td>users</td><td>none: a {@code user=password} properties file; none accepts everyone</td></tr>
 * <tr><td>journal</td><td>{@code sync}: see {@link WritePolicy}</td></tr>
 * <tr><td>journalGroupMillis</td><td>10 (with {@code journal=async})</td></tr>
 * <tr><td>memoryLimit</td><td>a quarter of the maximum heap; bytes, or with a k, m or g suffix</td></tr>
 * <tr><td>destinationMemoryLimit</td><td>half the memory limit</td></tr>
 * </table>
 */
public final class BrokerConfigParser {

    /** Option keys this parser understands. */
    public static final Set<String> KEYS = Set.of("cluster", "dataDir", "bind", "port", "members",
            "backups", "shards", "maxMessageBytes", "sendWindowBytes", "users", "journal", "journalGroupMillis",
            "memoryLimit", "destinationMemoryLimit");

    private BrokerConfigParser() {
    }

    public static BrokerConfig parse(String name, Map<String, String> options) {
        if (name == null || name.isBlank()) {
            throw new EngineConfigException("A broker name is required (vm://NAME)");
        }
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new EngineConfigException("Unknown broker option(s) " + unknown + "; known options are "
                    + new TreeSet<>(KEYS));
        }
        long memoryLimit = bytesOption(options, "memoryLimit", Runtime.getRuntime().maxMemory() / 4);
        return new BrokerConfig(
                name,
                options.getOrDefault("cluster", "cairnmq-" + name),
                Path.of(options.getOrDefault("dataDir", "data/" + name)),
                options.getOrDefault("bind", "127.0.0.1"),
                intOption(options, "port", 0, 0, 65535),
                members(options.get("members")),
                intOption(options, "backups", 1, 0, 6),
                intOption(options, "shards", 1, 1, DestinationSettings.MAX_SHARDS),
                intOption(options, "maxMessageBytes", 10 << 20, 1024, Integer.MAX_VALUE),
                intOption(options, "sendWindowBytes", 1 << 20, 1024, Integer.MAX_VALUE),
                options.containsKey("users") ? Path.of(options.get("users")) : null,
                WritePolicy.parse(options.getOrDefault("journal", "sync")),
                intOption(options, "journalGroupMillis", 10, 0, 60_000),
                memoryLimit,
                bytesOption(options, "destinationMemoryLimit", memoryLimit / 2));
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
        String raw = options.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new EngineConfigException("Option " + key + "=" + raw + " is out of range " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new EngineConfigException("Option " + key + "=" + raw + " is not a whole number", e);
        }
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
