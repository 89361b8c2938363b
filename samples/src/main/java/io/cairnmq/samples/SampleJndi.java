package io.cairnmq.samples;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Hashtable;

/**
 * Opens the JNDI context of {@code jndi.properties}; {@code --url URL} rebinds the
 * {@code ConnectionFactory} name to another broker URL without editing the file.
 */
public final class SampleJndi {

    private SampleJndi() {
    }

    public static InitialContext open(SampleArgs options) throws NamingException {
        Hashtable<String, Object> overrides = new Hashtable<>();
        String url = options.text("url", null);
        if (url != null) {
            overrides.put("connectionFactory.ConnectionFactory", url);
        }
        return new InitialContext(overrides);
    }
}
