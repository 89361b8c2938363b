package io.cairnmq.jms.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionUrlParserTest {

    @Test
    void theEmbeddedDefault() {
        ConnectionConfig c = ConnectionUrlParser.parse("vm://default");
        assertEquals("default", c.broker().name());
        assertEquals(Path.of("data/default"), c.broker().dataDirectory());
        assertEquals(1, c.broker().backupCount());
        assertTrue(c.broker().members().isEmpty());
    }

    @Test
    void optionsGoToTheBrokerOrTheConnection() {
        ConnectionConfig c = ConnectionUrlParser.parse(
                "vm://a?members=127.0.0.1:5701,127.0.0.1:5702&port=5701&prefetch=10&backups=2&cluster=prod");
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), c.broker().members());
        assertEquals(5701, c.broker().port());
        assertEquals(10, c.prefetch());
        assertEquals(2, c.broker().backupCount());
        assertEquals("prod", c.broker().clusterName());
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertMessage("tcp://host:1", "scheme tcp:// is not available");
        assertMessage("vm://", "needs a broker name");
        assertMessage("vm://a?colour=blue", "unknown option(s) [colour]");
        assertMessage("vm://a?prefetch=0", "prefetch=0 must be a whole number of at least 1");
        assertMessage("vm://a?port=seventy", "port=seventy is not a whole number");
        assertMessage("vm://a?members=localhost", "'localhost' is not host:port");
        assertMessage("vm://a?backups", "option 'backups' is not key=value");
    }

    private static void assertMessage(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionUrlParser.parse(url));
        assertTrue(e.getMessage().contains(expected), () -> "message for " + url + ": " + e.getMessage());
    }
}
