package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineUnavailableException;

import java.util.concurrent.Executor;

/** Opens a connection to the first node of the URL that accepts it. */
final class FailoverConnection {

    private FailoverConnection() {
    }

    static EngineConnection open(RemoteConfig config, String user, String password, ConnectionListener listener,
                                 Executor callbacks) {
        EngineUnavailableException last = null;
        for (RemoteConfig.Node node : config.nodes()) {
            try {
                return RemoteConnection.open(config, node, user, password, listener, callbacks);
            } catch (EngineUnavailableException e) {
                last = e;
            }
        }
        throw new EngineUnavailableException("No node of " + config + " can be reached: "
                + (last == null ? "no nodes" : last.getMessage()), last);
    }
}
