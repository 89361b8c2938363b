package io.cairnmq.glassfish.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Sends a message through the adapter's pooled connection factory (a Connection, or the
 * container's JMSContext) and inserts a row through the XA data source, in one container
 * transaction: both happen, or neither.
 */
@Stateless
public class ShippingService {

    public static final String CONNECTION_FACTORY = "jms/connectionFactory";
    /** The same adapter's factory from a pool that enlists its connections lazily, when first used. */
    public static final String LAZY_CONNECTION_FACTORY = "jms/lazyConnectionFactory";
    public static final String SHIPPED = "jms/shipped";

    @Resource(lookup = CONNECTION_FACTORY)
    private ConnectionFactory connections;
    @Resource(lookup = LAZY_CONNECTION_FACTORY)
    private ConnectionFactory lazyConnections;
    @Resource(lookup = SHIPPED)
    private Queue shipped;
    @Resource(lookup = Rows.DATA_SOURCE)
    private DataSource rows;
    /** The container's JMSContext: GlassFish makes it from the pooled factory's createContext. */
    @Inject
    @JMSConnectionFactory(CONNECTION_FACTORY)
    private JMSContext jms;
    @Resource
    private SessionContext context;

    /** Ships the order; with {@code rollBack} the transaction is then marked for rollback. */
    public void ship(String order, boolean rollBack) throws JMSException, SQLException {
        ship(connections, order, rollBack);
    }

    /** The same through the pool that enlists lazily: the connection joins the transaction at its send. */
    public void shipThroughLazyPool(String order, boolean rollBack) throws JMSException, SQLException {
        ship(lazyConnections, order, rollBack);
    }

    private void ship(ConnectionFactory factory, String order, boolean rollBack) throws JMSException, SQLException {
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession()) {
            session.createProducer(shipped).send(session.createTextMessage(order));
        }
        recordShipment(order, rollBack);
    }

    /** The same with the simplified API: an injected JMSContext. */
    public void shipWithContext(String order, boolean rollBack) throws SQLException {
        jms.createProducer().send(shipped, order);
        recordShipment(order, rollBack);
    }

    private void recordShipment(String order, boolean rollBack) throws SQLException {
        Rows.shipment(rows, order);
        if (rollBack) {
            context.setRollbackOnly();
        }
    }
}
