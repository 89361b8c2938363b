package io.cairnmq.ra;

import java.io.Serializable;
import java.util.Objects;

/**
 * The broker and the user a part of the adapter connects as: the {@code ConnectionUrl},
 * {@code UserName} and {@code Password} config properties that the adapter, each connection
 * definition and each activation spec carry (the last two override the adapter's).
 */
public abstract class BrokerLogin implements Serializable {

    private static final long serialVersionUID = 1L;

    private String connectionUrl;
    private String userName;
    private String password;

    public String getConnectionUrl() {
        return connectionUrl;
    }

    public void setConnectionUrl(String connectionUrl) {
        this.connectionUrl = connectionUrl;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** Same broker and user: what the JCA beans' equality rests on. */
    protected final boolean sameLogin(BrokerLogin other) {
        return Objects.equals(other.connectionUrl, connectionUrl) && Objects.equals(other.userName, userName);
    }

    protected final int loginHash() {
        return Objects.hash(connectionUrl, userName);
    }
}
