package io.cairnmq.engine.api;

/** A destination as it exists in the cluster: its name and the settings it was created with. */
public record DestinationInfo(DestinationName name, DestinationSettings settings) {
}
