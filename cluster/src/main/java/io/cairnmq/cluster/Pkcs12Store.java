package io.cairnmq.cluster;

import io.cairnmq.engine.api.EngineConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Opens a PKCS12 store named in the node configuration, so that a missing file or a wrong
 * password stops the node before it joins the cluster rather than at its first TLS client.
 */
final class Pkcs12Store {

    private Pkcs12Store() {
    }

    /** Fails, naming the option and the file, unless the file opens as PKCS12 with this password. */
    static void check(String key, Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new EngineConfigException("Option " + key + "=" + file + ": no such file ("
                    + file.toAbsolutePath() + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore.getInstance("PKCS12").load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password surfaces as an IOException whose cause is an UnrecoverableKeyException.
            throw new EngineConfigException("Option " + key + "=" + file + " does not open as a PKCS12 store with"
                    + " the password given: " + e.getMessage(), e);
        }
    }
}
