package io.cairnmq.jms.config;

import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.DestinationPolicies;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.jms.message.ObjectAllowList;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses a connection URL: {@code vm://NAME[?key=value&...]} for the embedded broker, or
 * {@code tcp://HOST:PORT[,HOST:PORT...][?key=value&...]} and {@code ssl://...} for broker nodes.
 * Connection options ({@code prefetch}, {@code trustedPackages}, {@code clientId}) are taken
 * here; on {@code vm://} the rest go to the broker configuration, on a network URL to
 * {@link RemoteUrlOptions}. Every mistake is an {@link IllegalArgumentException} naming the URL
 * and what was expected.
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
        boolean network = trimmed.startsWith(RemoteUrlOptions.TCP) || trimmed.startsWith(RemoteUrlOptions.SSL);
        if (!trimmed.startsWith(VM) && !network) {
            int scheme = trimmed.indexOf("://");
            throw new IllegalArgumentException("Unsupported connection URL '" + url + "': "
                    + (scheme > 0 ? "scheme " + trimmed.substring(0, scheme) + ":// is not supported; " : "")
                    + "use vm://NAME for the embedded broker or tcp://HOST:PORT (ssl://HOST:PORT) for broker nodes");
        }
        int query = trimmed.indexOf('?');
        Map<String, String> options = query < 0 ? new HashMap<>() : options(url, trimmed.substring(query + 1));
        int prefetch = prefetch(url, options.remove("prefetch"));
        String trusted = options.remove("trustedPackages");
        String clientId = options.remove("clientId");
        ObjectAllowList allowList = ObjectAllowList.parse(trusted == null ? ObjectAllowList.DEFAULT : trusted);
        if (network) {
            String addresses = query < 0 ? trimmed : trimmed.substring(0, query);
            return new ConnectionConfig(trimmed, null, RemoteUrlOptions.parse(url, addresses, options), prefetch,
                    allowList, clientId);
        }
        String name = query < 0 ? trimmed.substring(VM.length()) : trimmed.substring(VM.length(), query);
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Connection URL '" + url + "' needs a broker name of letters, digits,"
                    + " '.', '_' or '-' after vm://");
        }
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeIf(BrokerConfigParser::isKey);
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(BrokerConfigParser.KEYS);
            known.add("prefetch");
            known.add("trustedPackages");
            known.add("clientId");
            known.add("queue.NAME." + BrokerConfigParser.LIMIT_KEYS);
            known.add("topic.NAME." + BrokerConfigParser.LIMIT_KEYS);
            known.add("queue.PATTERN." + new TreeSet<>(DestinationPolicies.KEYS));
            known.add("topic.PATTERN." + new TreeSet<>(DestinationPolicies.KEYS));
            throw new IllegalArgumentException("Connection URL '" + url + "' has unknown option(s) " + unknown
                    + "; the options are " + known);
        }
        try {
            return new ConnectionConfig(trimmed, BrokerConfigParser.parse(name, options), null, prefetch, allowList,
                    clientId);
        } catch (EngineConfigException e) {
            throw new IllegalArgumentException("Connection URL '" + url + "': " + e.getMessage(), e);
        }
    }

    private static int prefetch(String url, String raw) {
        if (raw == null) {
            return ConsumerSpec.DEFAULT_PREFETCH;
        }
        int prefetch;
        try {
            prefetch = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            prefetch = -1;
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("Connection URL '" + url + "': prefetch=" + raw
                    + " must be a whole number of at least 1");
        }
        return prefetch;
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
