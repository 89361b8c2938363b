package io.cairnmq.cluster;

import io.cairnmq.engine.api.EngineConfigException;

import java.util.Locale;

/** Whether a TLS client port asks clients for a certificate ({@code ssl.clientAuth}). */
public enum ClientAuth {
    /** Clients are not asked for a certificate. */
    NONE,
    /** Clients are asked; one without a certificate is accepted. */
    WANT,
    /** Clients without a certificate the trust store vouches for are refused. */
    NEED;

    static ClientAuth parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineConfigException("Option " + key + "=" + value + " must be none, want or need", e);
        }
    }
}
