package io.cairnmq.ra.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;

/** Who a connection is opened for: what the application asked ({@code createConnection(user, password)}), or the defaults. */
record Credentials(String userName, String password) implements ConnectionRequestInfo {

    @Override
    public String toString() {
        return "Credentials{" + userName + "}";
    }
}
