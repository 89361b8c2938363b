package io.cairnmq.engine.store.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the journal's tables on first start and checks their version afterwards. A database
 * written by a newer CairnMQ is refused rather than misread.
 */
final class H2Schema {

    /** The schema this code reads and writes. */
    static final int VERSION = 4;

    private H2Schema() {
    }

    static void prepare(Connection c, String file) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cairn_schema (version INT NOT NULL)");
            int found = 0;
            try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM cairn_schema")) {
                if (r.next()) {
                    found = r.getInt(1);
                }
            }
            if (found > VERSION) {
                throw new SQLException("the journal " + file + " has schema version " + found
                        + ", newer than this CairnMQ reads (" + VERSION + ")");
            }
            if (found < 1) {
                // durable: a persistent message (kept across restarts); otherwise a spilled body.
                s.execute("CREATE TABLE cairn_message ("
                        + "destination VARCHAR(300) NOT NULL, shard INT NOT NULL, subscription VARCHAR(1000) NOT NULL,"
                        + " seq BIGINT NOT NULL, priority INT NOT NULL, durable BOOLEAN NOT NULL, failed INT NOT NULL,"
                        + " record VARBINARY(1000000000) NOT NULL, PRIMARY KEY (destination, shard, subscription, seq))");
                s.execute("CREATE INDEX cairn_message_spilled ON cairn_message"
                        + " (destination, shard, subscription, priority, seq)");
                s.execute("CREATE TABLE cairn_destination (name VARCHAR(300) PRIMARY KEY, shards INT NOT NULL)");
                s.execute("CREATE TABLE cairn_subscription (destination VARCHAR(300) NOT NULL,"
                        + " id VARCHAR(1000) NOT NULL, shared BOOLEAN NOT NULL, selector VARCHAR(1000000),"
                        + " no_local BOOLEAN NOT NULL, no_local_scope VARCHAR(1000), PRIMARY KEY (destination, id))");
            }
            if (found < 2) {
                // Version 2: the version of each queue's rows, to tell a stale journal at a restart.
                s.execute("CREATE TABLE cairn_version (destination VARCHAR(300) NOT NULL, shard INT NOT NULL,"
                        + " subscription VARCHAR(1000) NOT NULL, version BIGINT NOT NULL,"
                        + " PRIMARY KEY (destination, shard, subscription))");
            }
            if (found < 3) {
                // Version 3: transactions prepared on an entry, and the decisions their coordinators recorded.
                s.execute("CREATE TABLE cairn_prepared (destination VARCHAR(300) NOT NULL, shard INT NOT NULL,"
                        + " tx VARCHAR(100) NOT NULL, work VARBINARY(1000000000) NOT NULL,"
                        + " PRIMARY KEY (destination, shard, tx))");
                s.execute("CREATE TABLE cairn_decision (destination VARCHAR(300) NOT NULL, shard INT NOT NULL,"
                        + " tx VARCHAR(100) NOT NULL, participants VARCHAR(1000000) NOT NULL,"
                        + " PRIMARY KEY (destination, shard, tx))");
            }
            if (found < 4) {
                // Version 4: messages stored together in one group commit, kept as one pack (see Pack).
                s.execute("CREATE TABLE cairn_pack (id BIGINT PRIMARY KEY, destination VARCHAR(300) NOT NULL,"
                        + " shard INT NOT NULL, subscription VARCHAR(1000) NOT NULL, durable BOOLEAN NOT NULL,"
                        + " seqs VARBINARY(1000000000) NOT NULL, priorities VARBINARY(1000000000) NOT NULL,"
                        + " failed VARBINARY(1000000000) NOT NULL, gone VARBINARY(1000000000) NOT NULL)");
                s.execute("CREATE TABLE cairn_pack_body (id BIGINT PRIMARY KEY, bodies VARBINARY(1000000000) NOT NULL)");
            }
            if (found < VERSION) {
                s.execute("DELETE FROM cairn_schema");
                s.execute("INSERT INTO cairn_schema VALUES (" + VERSION + ")");
            }
        }
        c.commit();
    }
}
