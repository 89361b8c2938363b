package io.cairnmq.cluster;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The PKCS12 stores of a TLS client port. Both were opened with their passwords when the
 * configuration was read, so a front end can load them without checking again.
 *
 * @param keyStore           the node's private key and certificate chain
 * @param keyStorePassword   the key store's password (also the key's)
 * @param trustStore         certificates of the clients' issuers; null when clients are not asked for one
 * @param trustStorePassword the trust store's password; null without a trust store
 * @param clientAuth         whether clients must present a certificate
 */
public record TlsFiles(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword,
                       ClientAuth clientAuth) {

    public TlsFiles {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(clientAuth, "clientAuth");
        keyStorePassword = keyStorePassword.clone();
        trustStorePassword = trustStorePassword == null ? null : trustStorePassword.clone();
    }

    @Override
    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    @Override
    public char[] trustStorePassword() {
        return trustStorePassword == null ? null : trustStorePassword.clone();
    }

    /** Without the passwords: this ends up in logs. */
    @Override
    public String toString() {
        return "TlsFiles[keyStore=" + keyStore + ", trustStore=" + trustStore + ", clientAuth=" + clientAuth + "]";
    }
}
