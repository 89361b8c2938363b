package io.cairnmq.cluster;

/**
 * Something a node runs beside its member, such as the network front end that JMS clients
 * connect to. {@code java -jar cairnmq-node.jar} finds the services on its class path with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.cairnmq.cluster.NodeService}
 * file names the class, which needs a public no-argument constructor), so this module does not
 * depend on them; an embedding program or a test passes its own to
 * {@link CairnNode#start(NodeConfig, java.util.List)}.
 *
 * <p>A node starts its services after its member has joined the cluster, in order, and before it
 * reports that it is ready; it stops them in the reverse order before its member leaves, so that
 * no client work reaches a member that is handing its partitions over.
 */
public interface NodeService {

    /**
     * Starts the service; returns once it serves (a listener is bound). Throwing stops the node
     * from starting: the services already started are stopped and the member leaves.
     *
     * @param node the node's configuration ({@link CairnNode#config()}) and its engine
     */
    void start(CairnNode node);

    /** Stops the service, in a bounded time: the node's graceful leave waits for it. */
    void stop();

    /**
     * What the node's {@code READY} line says about this service once started, as
     * {@code key=value} without spaces, for example {@code clients=127.0.0.1:61616} with the port
     * actually bound (so that a test that asked for {@code clientPort=0} learns it).
     */
    String describe();
}
