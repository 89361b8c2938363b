package io.cairnmq.jms.config;

import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.jms.message.ObjectAllowList;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses a connection URL: {@code vm://NAME[?key=value&...]}. Connection options
 * ({@code prefetch}) are taken here; the rest go to the broker configuration. Every mistake is
 * an {@link IllegalArgumentException} naming the URL and what was expected.
 */
public final class ConnectionUrlParser {

    public static final String DEFAULT_URL = "vm://default";
    private static final String VM = "vm://";

    private ConnectionUrlParser() {
    }

    public static ConnectionConfig parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A connection URL is required, such as " + DEFAULT_URL);
        }
        String trimmed = url.trim();
        if (!trimmed.startsWith(VM)) {
            int scheme = trimmed.indexOf("://");
            throw new IllegalArgumentException("Unsupported connection URL '" + url + "': "
                    + (scheme > 0 ? "scheme " + trimmed.substring(0, scheme) + ":// is not available in this version; "
                    : "") + "use vm://NAME for the embedded broker");
        }
        int query = trimmed.indexOf('?');
        String name = query < 0 ? trimmed.substring(VM.length()) : trimmed.substring(VM.length(), query);
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Connection URL '" + url + "' needs a broker name of letters, digits,"
                    + " '.', '_' or '-' after vm://");
        }
        Map<String, String> options = query < 0 ? new HashMap<>() : options(url, trimmed.substring(query + 1));
        int prefetch = ConsumerSpec.DEFAULT_PREFETCH;
        String rawPrefetch = options.remove("prefetch");
        if (rawPrefetch != null) {
            try {
                prefetch = Integer.parseInt(rawPrefetch);
            } catch (NumberFormatException e) {
                prefetch = -1;
            }
            if (prefetch < 1) {
                throw new IllegalArgumentException("Connection URL '" + url + "': prefetch=" + rawPrefetch
                        + " must be a whole number of at least 1");
            }
        }
        String trusted = options.remove("trustedPackages");
        String clientId = options.remove("clientId");
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeIf(BrokerConfigParser::isKey);
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(BrokerConfigParser.KEYS);
            known.add("prefetch");
            known.add("trustedPackages");
            known.add("clientId");
            known.add("queue.NAME." + BrokerConfigParser.LIMIT_KEYS);
            known.add("topic.NAME." + BrokerConfigParser.LIMIT_KEYS);
            throw new IllegalArgumentException("Connection URL '" + url + "' has unknown option(s) " + unknown
                    + "; the options are " + known);
        }
        try {
            return new ConnectionConfig(trimmed, BrokerConfigParser.parse(name, options), prefetch,
                    ObjectAllowList.parse(trusted == null ? ObjectAllowList.DEFAULT : trusted), clientId);
        } catch (EngineConfigException e) {
            throw new IllegalArgumentException("Connection URL '" + url + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, String> options(String url, String query) {
        Map<String, String> options = new HashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Connection URL '" + url + "': option '" + pair
                        + "' is not key=value");
            }
            options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return options;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
