package io.cairnmq.cluster;

import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.DestinationPolicies;
import io.cairnmq.engine.api.EngineConfigException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link NodeConfig} from string options: the broker options of {@link BrokerConfigParser}
 * and the node-only options below. Every bad key or value fails with an
 * {@link EngineConfigException} that names the key and what is expected.
 *
 * <table>
 * <caption>Node-only options</caption>
 * <tr><th>key</th><th>default</th></tr>
 * <tr><td>clientHost</td><td>{@code 127.0.0.1}; {@code 0.0.0.0} takes clients from every interface</td></tr>
 * <tr><td>clientPort</td><td>61616; 0 picks a free port, {@code -1} or {@code none} takes no clients</td></tr>
 * <tr><td>ssl.keyStore, ssl.keyStorePassword</td><td>none: a PKCS12 key store makes the client port speak TLS</td></tr>
 * <tr><td>ssl.trustStore, ssl.trustStorePassword</td><td>none: the PKCS12 store clients' certificates are checked
 * against</td></tr>
 * <tr><td>ssl.clientAuth</td><td>{@code none}; {@code want} or {@code need} (both need a trust store)</td></tr>
 * <tr><td>heartbeatMillis</td><td>10000; a peer silent for 3 intervals counts as dead</td></tr>
 * <tr><td>maxConnections</td><td>1000</td></tr>
 * <tr><td>maxFrameBytes</td><td>the broker's maxMessageBytes plus 64 KiB; no less than maxMessageBytes</td></tr>
 * <tr><td>maxTransactionBytes</td><td>64 MiB (at least maxFrameBytes): what a connection's transactions too
 * large for one frame may hold on the node while they are sent in parts</td></tr>
 * <tr><td>leaveTimeoutSeconds</td><td>60: how long a stop request waits for the graceful leave before the
 * process halts</td></tr>
 * </table>
 */
final class NodeConfigParser {

    static final String LEAVE_TIMEOUT_SECONDS = "leaveTimeoutSeconds";
    static final long DEFAULT_LEAVE_TIMEOUT_SECONDS = 60;

    /** The node-only keys. */
    static final Set<String> NODE_KEYS;

    static {
        Set<String> keys = new TreeSet<>(ClientListenerOptions.KEYS);
        keys.add(LEAVE_TIMEOUT_SECONDS);
        NODE_KEYS = Set.copyOf(keys);
    }

    private NodeConfigParser() {
    }

    static NodeConfig parse(String name, Map<String, String> options) {
        Map<String, String> brokerOptions = new HashMap<>();
        Map<String, String> nodeOptions = new HashMap<>();
        Set<String> unknown = new TreeSet<>();
        options.forEach((key, value) -> {
            if (NODE_KEYS.contains(key)) {
                nodeOptions.put(key, value);
            } else if (BrokerConfigParser.isKey(key)) {
                brokerOptions.put(key, value);
            } else {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(BrokerConfigParser.KEYS);
            known.addAll(NODE_KEYS);
            throw new EngineConfigException("Unknown option(s) " + unknown + "; known options are " + known
                    + ", queue.NAME.KEY or topic.NAME.KEY with KEY one of "
                    + new TreeSet<>(BrokerConfigParser.LIMIT_KEYS) + ", and queue.PATTERN.KEY or topic.PATTERN.KEY"
                    + " with KEY one of " + new TreeSet<>(DestinationPolicies.KEYS));
        }
        BrokerConfig broker = BrokerConfigParser.parse(name, brokerOptions);
        NodeOptions node = new NodeOptions(nodeOptions);
        return new NodeConfig(broker,
                ClientListenerOptions.parse(node, broker.maxMessageBytes()),
                Duration.ofSeconds(node.number(LEAVE_TIMEOUT_SECONDS, DEFAULT_LEAVE_TIMEOUT_SECONDS, 1, 3600)));
    }
}
