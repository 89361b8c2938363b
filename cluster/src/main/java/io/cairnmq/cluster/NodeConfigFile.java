package io.cairnmq.cluster;

import io.cairnmq.engine.api.EngineConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A node's configuration file: Java properties with {@code name}, the node's name, the broker
 * options ({@code cluster}, {@code dataDir}, {@code bind}, {@code port}, {@code members},
 * {@code backups}, {@code shards}, ...) and the node-only options of {@link NodeConfigParser}.
 * Relative paths in it ({@code dataDir}, {@code users}, the stores) are relative to the working
 * directory, as for an embedded broker.
 */
public final class NodeConfigFile {

    private NodeConfigFile() {
    }

    public static NodeConfig read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new EngineConfigException("Cannot read the node configuration " + file.toAbsolutePath() + ": " + e, e);
        }
        Map<String, String> options = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> options.put(k, properties.getProperty(k).trim()));
        String name = options.remove("name");
        if (name == null || name.isBlank()) {
            throw new EngineConfigException("The node configuration " + file + " needs name=NODE_NAME");
        }
        try {
            return NodeConfigParser.parse(name, options);
        } catch (EngineConfigException e) {
            throw new EngineConfigException("The node configuration " + file + ": " + e.getMessage(), e);
        }
    }
}
