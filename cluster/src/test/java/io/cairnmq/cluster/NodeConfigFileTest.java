package io.cairnmq.cluster;

import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's configuration file: the broker options, the node-only options and their checks. */
@Timeout(30)
class NodeConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void theNodeOnlyOptionsHaveTheirDefaults() throws IOException {
        NodeConfig config = read("maxMessageBytes=1048576");

        assertEquals("n1", config.name());
        assertEquals(1 << 20, config.broker().maxMessageBytes());
        ClientListenerConfig clients = config.clients();
        assertEquals("127.0.0.1", clients.host());
        assertEquals(61616, clients.port());
        assertNull(clients.tls());
        assertEquals(10_000, clients.heartbeatMillis());
        assertEquals(30_000, clients.deadAfterMillis());
        assertEquals(1000, clients.maxConnections());
        assertEquals((1 << 20) + 64 * 1024, clients.maxFrameBytes());
        assertEquals(64L << 20, clients.maxTransactionBytes());
        assertEquals(Duration.ofSeconds(60), config.leaveTimeout());
    }

    @Test
    void theNodeOnlyOptionsAreRead() throws IOException {
        NodeConfig config = read("clientHost=0.0.0.0", "clientPort=0", "heartbeatMillis=500", "maxConnections=7",
                "maxFrameBytes=20000000", "maxTransactionBytes=30000000", "leaveTimeoutSeconds=5");

        assertEquals(new ClientListenerConfig("0.0.0.0", 0, null, 500, 7, 20_000_000, 30_000_000), config.clients());
        assertEquals(Duration.ofSeconds(5), config.leaveTimeout());
    }

    @Test
    void deliveryPoliciesAreReadPerDestinationPattern() throws IOException {
        NodeConfig config = read("maxDeliveryAttempts=5", "queue.orders.>.redeliveryDelay=1000",
                "queue.orders.>.deadLetterQueue=orders.DLQ", "topic.prices.*.expiryQueue=prices.expired",
                "expiryScanMillis=5000");

        DeliveryPolicy orders = config.broker().policyFor(DestinationName.queue("orders.eu"));
        assertEquals(5, orders.maxDeliveryAttempts());
        assertEquals(1000, orders.redeliveryDelayMillis());
        assertEquals("orders.DLQ", orders.deadLetterQueue());
        assertEquals("prices.expired", config.broker().policyFor(DestinationName.topic("prices.fx")).expiryQueue());
        assertEquals(5000, config.broker().expiryScanMillis());
        assertTrue(refused("queue.orders.>.maxDeliveryAttempts=often").contains("queue.orders.>.maxDeliveryAttempts"));
    }

    @Test
    void clientPortNoneOrMinusOneTakesNoClients() throws IOException {
        assertNull(read("clientPort=none").clients());
        assertNull(read("clientPort=-1").clients());
    }

    @Test
    void anUnknownKeyIsRefusedListingTheKnownOnes() {
        String message = refused("clientport=1");

        assertTrue(message.contains("[clientport]"), message);
        assertTrue(message.contains("clientPort") && message.contains("members") && message.contains("queue.NAME.KEY"),
                message);
    }

    @Test
    void eachBadValueNamesItsKeyAndWhatIsExpected() {
        assertTrue(refused("clientPort=65536").contains("clientPort=65536 is out of range 0..65535"));
        assertTrue(refused("clientPort=web").contains("clientPort=web is not a whole number"));
        assertTrue(refused("heartbeatMillis=10").contains("heartbeatMillis=10 is out of range 100.."));
        assertTrue(refused("maxConnections=0").contains("maxConnections=0 is out of range 1.."));
        assertTrue(refused("leaveTimeoutSeconds=0").contains("leaveTimeoutSeconds=0 is out of range 1..3600"));
        assertTrue(refused("clientHost=").contains("clientHost= is empty"));
        // A frame must hold the largest message the broker accepts.
        assertTrue(refused("maxMessageBytes=100000", "maxFrameBytes=99999")
                .contains("maxFrameBytes=99999 is out of range 100000.."));
        String transaction = refused("maxMessageBytes=100000", "maxFrameBytes=2000000", "maxTransactionBytes=1000000");
        assertTrue(transaction.contains("maxTransactionBytes=1000000 is out of range 2000000.."), transaction);
        // The broker's own options are still checked by the broker's parser.
        assertTrue(refused("backups=many").contains("backups=many"));
    }

    @Test
    void aKeyStoreMakesTheClientPortSpeakTls() throws Exception {
        Path keys = store("keys.p12", "secret");
        Path trust = store("trust.p12", "public");

        TlsFiles tls = read("ssl.keyStore=" + keys, "ssl.keyStorePassword=secret", "ssl.trustStore=" + trust,
                "ssl.trustStorePassword=public", "ssl.clientAuth=need").clients().tls();

        assertEquals(keys, tls.keyStore());
        assertArrayEquals("secret".toCharArray(), tls.keyStorePassword());
        assertEquals(trust, tls.trustStore());
        assertArrayEquals("public".toCharArray(), tls.trustStorePassword());
        assertEquals(ClientAuth.NEED, tls.clientAuth());
        assertFalse(tls.toString().contains("secret"), "passwords stay out of logs");
        assertEquals(ClientAuth.NONE, read("ssl.keyStore=" + keys, "ssl.keyStorePassword=secret").clients().tls()
                .clientAuth());
    }

    @Test
    void aStoreThatIsMissingOrDoesNotOpenIsRefused() throws Exception {
        Path keys = store("keys.p12", "secret");
        Path missing = dir.resolve("missing.p12");
        Path notAStore = Files.writeString(dir.resolve("text.p12"), "not a key store");

        assertTrue(refused("ssl.keyStore=" + missing, "ssl.keyStorePassword=secret")
                .contains("ssl.keyStore=" + missing + ": no such file"));
        assertTrue(refused("ssl.keyStore=" + keys, "ssl.keyStorePassword=wrong")
                .contains("ssl.keyStore=" + keys + " does not open as a PKCS12 store"));
        assertTrue(refused("ssl.keyStore=" + notAStore, "ssl.keyStorePassword=secret")
                .contains("does not open as a PKCS12 store"));
        assertTrue(refused("ssl.keyStore=" + keys, "ssl.keyStorePassword=secret", "ssl.trustStore=" + missing,
                "ssl.trustStorePassword=x").contains("ssl.trustStore=" + missing + ": no such file"));
    }

    @Test
    void tlsOptionsThatMeanNothingAloneAreRefused() throws Exception {
        Path keys = store("keys.p12", "secret");

        assertTrue(refused("ssl.keyStore=" + keys).contains("ssl.keyStorePassword is missing"));
        assertTrue(refused("ssl.clientAuth=need").contains("only with ssl.keyStore"));
        assertTrue(refused("ssl.keyStore=" + keys, "ssl.keyStorePassword=secret", "ssl.clientAuth=want")
                .contains("needs ssl.trustStore"));
        assertTrue(refused("ssl.keyStore=" + keys, "ssl.keyStorePassword=secret", "ssl.clientAuth=sometimes")
                .contains("ssl.clientAuth=sometimes must be none, want or need"));
    }

    @Test
    void aFileWithoutANameIsRefused() throws IOException {
        Path nameless = Files.writeString(dir.resolve("nameless.properties"), "port=1\n");

        assertThrows(EngineConfigException.class, () -> NodeConfigFile.read(nameless));
    }

    private NodeConfig read(String... lines) throws IOException {
        return NodeConfigFile.read(file(lines));
    }

    private String refused(String... lines) {
        return assertThrows(EngineConfigException.class, () -> read(lines)).getMessage();
    }

    private Path file(String... lines) throws IOException {
        // Properties files read backslashes as escapes; store paths are written with forward slashes.
        return Files.writeString(dir.resolve("node.properties"),
                "name=n1\n" + String.join("\n", lines).replace('\\', '/') + "\n");
    }

    /** An empty PKCS12 store: enough to check that a file opens with its password. */
    private Path store(String name, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }
}
