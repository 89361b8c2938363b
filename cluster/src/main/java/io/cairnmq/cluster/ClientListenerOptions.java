package io.cairnmq.cluster;

import io.cairnmq.engine.api.EngineConfigException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads a node's client listener settings, the {@code client*}, {@code ssl.*} and limit keys. */
final class ClientListenerOptions {

    static final String HOST = "clientHost";
    static final String PORT = "clientPort";
    static final String KEY_STORE = "ssl.keyStore";
    static final String KEY_STORE_PASSWORD = "ssl.keyStorePassword";
    static final String TRUST_STORE = "ssl.trustStore";
    static final String TRUST_STORE_PASSWORD = "ssl.trustStorePassword";
    static final String CLIENT_AUTH = "ssl.clientAuth";
    static final String HEARTBEAT_MILLIS = "heartbeatMillis";
    static final String MAX_CONNECTIONS = "maxConnections";
    static final String MAX_FRAME_BYTES = "maxFrameBytes";
    static final String MAX_TRANSACTION_BYTES = "maxTransactionBytes";

    static final List<String> KEYS = List.of(HOST, PORT, KEY_STORE, KEY_STORE_PASSWORD, TRUST_STORE,
            TRUST_STORE_PASSWORD, CLIENT_AUTH, HEARTBEAT_MILLIS, MAX_CONNECTIONS, MAX_FRAME_BYTES,
            MAX_TRANSACTION_BYTES);

    /** Loopback: a node opens its client port to other machines only when told to (clientHost=0.0.0.0). */
    static final String DEFAULT_HOST = "127.0.0.1";
    /** The port JMS brokers customarily take. */
    static final int DEFAULT_PORT = 61616;
    static final long DEFAULT_HEARTBEAT_MILLIS = 10_000;
    static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /** Room beyond the largest message for a frame's headers and properties. */
    static final int FRAME_HEADROOM_BYTES = 64 * 1024;
    /** What a connection's transactions in parts may hold on the node at once. */
    static final long DEFAULT_MAX_TRANSACTION_BYTES = 64L << 20;

    private ClientListenerOptions() {
    }

    /** The client listener, or null with {@code clientPort=none} (or -1). */
    static ClientListenerConfig parse(NodeOptions options, int maxMessageBytes) {
        String host = options.text(HOST, DEFAULT_HOST);
        String port = options.text(PORT, String.valueOf(DEFAULT_PORT)).trim().toLowerCase(Locale.ROOT);
        // Read even when the listener is off, so that a wrong value is reported now and not when it is switched on.
        TlsFiles tls = tls(options);
        long heartbeatMillis = options.number(HEARTBEAT_MILLIS, DEFAULT_HEARTBEAT_MILLIS, 100, 3_600_000);
        int maxConnections = options.intNumber(MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
        int defaultFrame = (int) Math.min(Integer.MAX_VALUE, (long) maxMessageBytes + FRAME_HEADROOM_BYTES);
        int maxFrameBytes = options.intNumber(MAX_FRAME_BYTES, defaultFrame, maxMessageBytes, Integer.MAX_VALUE);
        long maxTransactionBytes = options.number(MAX_TRANSACTION_BYTES, Math.max(DEFAULT_MAX_TRANSACTION_BYTES,
                maxFrameBytes), maxFrameBytes, Long.MAX_VALUE);
        if (port.equals("none") || port.equals("-1")) {
            return null;
        }
        int number = options.intNumber(PORT, DEFAULT_PORT, 0, 65535);
        return new ClientListenerConfig(host, number, tls, heartbeatMillis, maxConnections, maxFrameBytes,
                maxTransactionBytes);
    }

    /** The TLS stores, opened once to check them; null without {@code ssl.keyStore}. */
    private static TlsFiles tls(NodeOptions options) {
        if (!options.has(KEY_STORE)) {
            for (String key : List.of(KEY_STORE_PASSWORD, TRUST_STORE, TRUST_STORE_PASSWORD, CLIENT_AUTH)) {
                if (options.has(key)) {
                    throw new EngineConfigException("Option " + key + " means something only with "
                            + KEY_STORE + "=FILE (a client port speaks TLS only with a key store)");
                }
            }
            return null;
        }
        Path keyStore = Path.of(options.required(KEY_STORE, KEY_STORE));
        char[] keyPassword = options.required(KEY_STORE_PASSWORD, KEY_STORE).toCharArray();
        Pkcs12Store.check(KEY_STORE, keyStore, keyPassword);
        ClientAuth clientAuth = ClientAuth.parse(CLIENT_AUTH, options.text(CLIENT_AUTH, "none"));
        if (!options.has(TRUST_STORE)) {
            if (clientAuth != ClientAuth.NONE) {
                throw new EngineConfigException("Option " + CLIENT_AUTH + "=" + options.text(CLIENT_AUTH, "")
                        + " needs " + TRUST_STORE + "=FILE: the certificates that clients' certificates are checked against");
            }
            if (options.has(TRUST_STORE_PASSWORD)) {
                throw new EngineConfigException("Option " + TRUST_STORE_PASSWORD + " means something only with "
                        + TRUST_STORE + "=FILE");
            }
            return new TlsFiles(keyStore, keyPassword, null, null, clientAuth);
        }
        Path trustStore = Path.of(options.required(TRUST_STORE, KEY_STORE));
        char[] trustPassword = options.required(TRUST_STORE_PASSWORD, TRUST_STORE).toCharArray();
        Pkcs12Store.check(TRUST_STORE, trustStore, trustPassword);
        return new TlsFiles(keyStore, keyPassword, trustStore, trustPassword, clientAuth);
    }
}
