package io.cairnmq.jms.config;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.LimitPolicy;
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
    void limitsArePerQueueForEveryQueueAndPerTopicOnlyForTheTopicsNamed() {
        ConnectionConfig c = ConnectionUrlParser.parse("vm://a?maxMessages=100&limitPolicy=fail"
                + "&queue.orders.maxMessages=7&topic.prices.maxBytes=1m&topic.prices.limitPolicy=block");
        var broker = c.broker();
        assertEquals(100, broker.limitsFor(DestinationName.queue("any")).maxMessages());
        assertEquals(7, broker.limitsFor(DestinationName.queue("orders")).maxMessages());
        var prices = broker.limitsFor(DestinationName.topic("prices"));
        assertEquals(1 << 20, prices.maxBytes());
        assertEquals(LimitPolicy.BLOCK, prices.policy());
        assertTrue(!broker.limitsFor(DestinationName.topic("other")).enforced(),
                "a topic not named has no limits");
    }

    @Test
    void networkUrlsNameTheNodesAndTheirOptions() {
        var c = ConnectionUrlParser.parse("tcp://a:61616, b:61617?prefetch=7&callTimeoutMillis=500&reconnectAttempts=0");
        assertEquals(null, c.broker());
        assertEquals(7, c.prefetch());
        var remote = c.remote();
        assertEquals(2, remote.nodes().size());
        assertEquals("b", remote.nodes().get(1).host());
        assertEquals(61617, remote.nodes().get(1).port());
        assertEquals(500, remote.callTimeoutMillis());
        assertEquals(0, remote.reconnectAttempts());
        assertTrue(!remote.tls());
        assertTrue(ConnectionUrlParser.parse("ssl://[::1]:5671").remote().tls());
        assertEquals("::1", ConnectionUrlParser.parse("ssl://[::1]:5671").remote().nodes().get(0).host());
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertMessage("amqp://host:1", "scheme amqp:// is not supported");
        assertMessage("tcp://host", "'host' is not HOST:PORT");
        assertMessage("tcp://host:0", "is not a number from 1 to 65535");
        assertMessage("tcp://host:1?journal=async", "[journal] are set in the nodes' configuration");
        assertMessage("tcp://host:1?trustStore=x.p12", "use ssl://");
        assertMessage("ssl://host:1?trustStore=/nowhere/x.p12", "is not a readable file");
        assertMessage("vm://", "needs a broker name");
        assertMessage("vm://a?colour=blue", "unknown option(s) [colour]");
        assertMessage("vm://a?prefetch=0", "prefetch=0 must be a whole number of at least 1");
        assertMessage("vm://a?port=seventy", "port=seventy is not a whole number");
        assertMessage("vm://a?members=localhost", "'localhost' is not host:port");
        assertMessage("vm://a?backups", "option 'backups' is not key=value");
        assertMessage("vm://a?topic.prices.colour=blue", "unknown option(s) [topic.prices.colour]");
    }

    private static void assertMessage(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionUrlParser.parse(url));
        assertTrue(e.getMessage().contains(expected), () -> "message for " + url + ": " + e.getMessage());
    }
}
