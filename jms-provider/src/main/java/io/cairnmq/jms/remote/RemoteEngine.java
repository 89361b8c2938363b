package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.DestinationInfo;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.protocol.FrameInput;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Op;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine API for a cluster of broker nodes reached over the network. It holds no state of
 * its own beyond the configuration: each {@link #connect} opens a connection to the first node of
 * the URL that accepts it, carried over to another node when that one is lost
 * ({@link FailoverConnection}).
 */
public final class RemoteEngine implements Engine {

    /** Runs listener and availability callbacks off the network threads, which must never block. */
    private static final ExecutorService CALLBACKS = callbackPool();

    private final RemoteConfig config;

    public RemoteEngine(RemoteConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.toString();
    }

    @Override
    public EngineConnection connect(String user, String password, ConnectionListener listener) {
        return FailoverConnection.open(config, user, password, listener, CALLBACKS);
    }

    /** Declares through a connection without credentials (accepted by nodes that allow anonymous users). */
    @Override
    public DestinationInfo declare(DestinationName destination, DestinationSettings settings) {
        return ask(Op.DECLARE, out -> out.writeDestination(destination).writeInt(settings.shards()),
                in -> new DestinationInfo(destination, new DestinationSettings(in.readInt())));
    }

    /** Counts through a connection without credentials (accepted by nodes that allow anonymous users). */
    @Override
    public DestinationStats stats(DestinationName destination) {
        return ask(Op.STATS, out -> out.writeDestination(destination),
                in -> new DestinationStats(in.readLong(), in.readLong()));
    }

    /** Asks through a connection without credentials (accepted by nodes that allow anonymous users). */
    @Override
    public boolean exists(DestinationName destination) {
        return ask(Op.EXISTS, out -> out.writeDestination(destination), FrameInput::readBoolean);
    }

    /** A remote engine runs as long as some node can be reached; it is not started or stopped here. */
    @Override
    public boolean isRunning() {
        return true;
    }

    /** Nothing to shut down: the nodes run on their own. */
    @Override
    public void close() {
    }

    /** One request through a connection of its own to the first node that answers, closed afterwards. */
    private <T> T ask(Op op, Consumer<FrameOutput> body, Function<FrameInput, T> read) {
        try (RemoteConnection connection = firstReachable(null, null, ConnectionListener.IGNORE)) {
            return connection.link().call(op, body, read);
        }
    }

    /** Tries the nodes in the URL's order. */
    private RemoteConnection firstReachable(String user, String password, ConnectionListener listener) {
        EngineException last = null;
        for (RemoteConfig.Node node : config.nodes()) {
            try {
                return RemoteConnection.open(config, node, user, password, listener, CALLBACKS);
            } catch (EngineUnavailableException e) {
                last = e;
            }
        }
        throw new EngineUnavailableException("No node of " + config + " can be reached: "
                + (last == null ? "the URL names none" : last.getMessage()), last);
    }

    private static ExecutorService callbackPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "cairnmq-client-callback");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
