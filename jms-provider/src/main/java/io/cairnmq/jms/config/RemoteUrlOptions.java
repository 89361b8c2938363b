package io.cairnmq.jms.config;

import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.jms.remote.RemoteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of a {@code tcp://} or {@code ssl://} URL that says which nodes to reach and how:
 * the addresses, TLS stores, heartbeats, time-outs, reconnection and the send window. Broker
 * options (memory, journal, limits) belong to the nodes' configuration and are refused here with
 * a message saying so.
 */
final class RemoteUrlOptions {

    static final String TCP = "tcp://";
    static final String SSL = "ssl://";

    static final Set<String> KEYS = Set.of("trustStore", "trustStorePassword", "keyStore", "keyStorePassword",
            "verifyHostname", "heartbeatMillis", "connectTimeoutMillis", "callTimeoutMillis", "reconnectAttempts",
            "reconnectDelayMillis", "maxReconnectDelayMillis", "sendWindow");

    private RemoteUrlOptions() {
    }

    /**
     * @param addresses the URL up to its options, such as {@code tcp://a:61616,b:61616}
     * @param options   what is left of its options after the connection options
     */
    static RemoteConfig parse(String url, String addresses, Map<String, String> options) {
        boolean tls = addresses.startsWith(SSL);
        List<RemoteConfig.Node> nodes = nodes(url, addresses.substring(tls ? SSL.length() : TCP.length()));
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            TreeSet<String> brokerKeys = new TreeSet<>(unknown);
            brokerKeys.removeIf(k -> !BrokerConfigParser.isKey(k));
            throw new IllegalArgumentException("Connection URL '" + url + "' has unknown option(s) " + unknown
                    + (brokerKeys.isEmpty() ? "" : "; " + brokerKeys + " are set in the nodes' configuration, not in a"
                    + " client URL") + "; the options of a network URL are " + new TreeSet<>(KEYS)
                    + " and prefetch, trustedPackages, clientId");
        }
        if (!tls && (options.containsKey("trustStore") || options.containsKey("keyStore"))) {
            throw new IllegalArgumentException("Connection URL '" + url + "' names TLS stores on a tcp:// URL;"
                    + " use ssl:// to connect with TLS");
        }
        Path trustStore = store(url, options, "trustStore");
        Path keyStore = store(url, options, "keyStore");
        long heartbeat = longOption(url, options, "heartbeatMillis", 10_000, 100);
        return new RemoteConfig(nodes, tls, trustStore, password(options, "trustStorePassword"), keyStore,
                password(options, "keyStorePassword"), Boolean.parseBoolean(options.getOrDefault("verifyHostname", "true")),
                heartbeat, longOption(url, options, "connectTimeoutMillis", 10_000, 100),
                longOption(url, options, "callTimeoutMillis", 60_000, 100),
                (int) longOption(url, options, "reconnectAttempts", 20, 0),
                longOption(url, options, "reconnectDelayMillis", 100, 0),
                longOption(url, options, "maxReconnectDelayMillis", 5_000, 0),
                (int) longOption(url, options, "sendWindow", 1000, 1));
    }

    private static List<RemoteConfig.Node> nodes(String url, String list) {
        List<RemoteConfig.Node> nodes = new ArrayList<>();
        for (String address : list.split(",")) {
            String trimmed = address.trim();
            int colon = trimmed.lastIndexOf(':');
            if (trimmed.isEmpty() || colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("Connection URL '" + url + "': '" + trimmed
                        + "' is not HOST:PORT (list nodes as tcp://host1:61616,host2:61616)");
            }
            int port;
            try {
                port = Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Connection URL '" + url + "': port '" + trimmed.substring(colon + 1)
                        + "' of " + trimmed + " is not a number from 1 to 65535");
            }
            String host = trimmed.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            nodes.add(new RemoteConfig.Node(host, port));
        }
        return nodes;
    }

    private static Path store(String url, Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("Connection URL '" + url + "': " + key + "=" + value
                    + " is not a readable file");
        }
        return path;
    }

    private static char[] password(Map<String, String> options, String key) {
        String value = options.get(key);
        return value == null ? null : value.toCharArray();
    }

    private static long longOption(String url, Map<String, String> options, String key, long fallback, long min) {
        String raw = options.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("Connection URL '" + url + "': " + key + "=" + raw
                + " must be a whole number of at least " + min);
    }
}
