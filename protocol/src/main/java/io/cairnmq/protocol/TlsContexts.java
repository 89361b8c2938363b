package io.cairnmq.protocol;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * TLS for the client port from PKCS12 key and trust stores: a node presents its key and, when
 * asked to, checks client certificates against its trust store; a client checks the node against
 * its trust store (the JDK's default when it has none) and may present a key of its own.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SslContext server(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword,
                                    ClientAuth clientAuth) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(keyManagers(keyStore, keyPassword))
                    .clientAuth(clientAuth);
            if (trustStore != null) {
                builder.trustManager(trustManagers(trustStore, trustPassword));
            }
            return builder.protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS cannot be set up with key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** @param keyStore the client's own key (for nodes that want client certificates), or null */
    public static SslContext client(Path trustStore, char[] trustPassword, Path keyStore, char[] keyPassword) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trustStore != null) {
                builder.trustManager(trustManagers(trustStore, trustPassword));
            }
            if (keyStore != null) {
                builder.keyManager(keyManagers(keyStore, keyPassword));
            }
            return builder.protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS cannot be set up with trust store " + trustStore + ": "
                    + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(Path file, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(load(file, password), password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The key store " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(Path file, char[] password) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(file, password));
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The trust store " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Opens a PKCS12 store; a missing file or a wrong password is said with the file's name. */
    public static KeyStore load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("The PKCS12 store " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }
}
