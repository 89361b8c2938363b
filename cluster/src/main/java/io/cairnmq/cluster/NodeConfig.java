package io.cairnmq.cluster;

import io.cairnmq.engine.api.BrokerConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a node starts from: the broker member's options and the settings only a node has.
 *
 * @param broker       the member's options (also what an embedded {@code vm://} broker takes)
 * @param clients      the client listener; null when the node takes no client connections
 *                     ({@code clientPort=none})
 * @param leaveTimeout how long a stop request waits for the graceful leave before the process halts
 */
public record NodeConfig(BrokerConfig broker, ClientListenerConfig clients, Duration leaveTimeout) {

    public NodeConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(leaveTimeout, "leaveTimeout");
    }

    /** The node's name (its engine's). */
    public String name() {
        return broker.name();
    }
}
