package io.cairnmq.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded engines of this JVM, one per name: {@code vm://NAME} starts the engine on first
 * use and every later use of the same name shares it. Closing connections never stops it (its
 * queues live as long as the JVM); {@link #shutdown(String)} does.
 */
public final class Engines {

    private static final Map<String, Engine> RUNNING = new ConcurrentHashMap<>();

    private Engines() {
    }

    /**
     * Returns the running engine of this name, or starts one with this configuration. A running
     * engine keeps the configuration it was started with.
     */
    public static Engine obtain(BrokerConfig config) {
        return RUNNING.compute(config.name(), (name, current) ->
                current != null && current.isRunning() ? current : factory().start(config));
    }

    /** The running engine of this name, or null. */
    public static Engine find(String name) {
        Engine engine = RUNNING.get(name);
        return engine != null && engine.isRunning() ? engine : null;
    }

    /** Shuts down the engine of this name, if it runs. */
    public static void shutdown(String name) {
        Engine engine = RUNNING.remove(name);
        if (engine != null) {
            engine.close();
        }
    }

    /** Shuts down every engine this JVM started. */
    public static void shutdownAll() {
        for (String name : new ArrayList<>(RUNNING.keySet())) {
            shutdown(name);
        }
    }

    /** Names of the engines running in this JVM. */
    public static List<String> names() {
        return List.copyOf(RUNNING.keySet());
    }

    private static EngineFactory factory() {
        return ServiceLoader.load(EngineFactory.class, Engines.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new EngineConfigException(
                        "No engine implementation on the class path (cairnmq-engine is incomplete)"));
    }
}
