package io.cairnmq.glassfish.app;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The application's tables, written through the server's XA data source {@code jdbc/orders}. */
public final class Rows {

    public static final String DATA_SOURCE = "jdbc/orders";
    public static final String[] SCHEMA = {
            "create table deliveries (id bigint auto_increment primary key, body varchar(200),"
                    + " redelivered boolean, delivery_count int)",
            "create table shipments (order_id varchar(200))"};

    private Rows() {
    }

    /** One delivery of a message to a bean, in the transaction under way. */
    static void delivery(DataSource rows, String body, boolean redelivered, int deliveryCount) throws SQLException {
        try (Connection connection = rows.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into deliveries (body, redelivered, delivery_count) values (?, ?, ?)")) {
            insert.setString(1, body);
            insert.setBoolean(2, redelivered);
            insert.setInt(3, deliveryCount);
            insert.executeUpdate();
        }
    }

    static void shipment(DataSource rows, String order) throws SQLException {
        try (Connection connection = rows.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into shipments (order_id) values (?)")) {
            insert.setString(1, order);
            insert.executeUpdate();
        }
    }
}
