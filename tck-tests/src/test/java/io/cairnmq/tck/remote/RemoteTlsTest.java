package io.cairnmq.tck.remote;

import io.cairnmq.cluster.frontend.FrontEnd;
import io.cairnmq.cluster.frontend.FrontEndSettings;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.protocol.TlsContexts;
import io.netty.handler.ssl.ClientAuth;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on the client port, with key stores made by the JDK's keytool: a client that trusts the
 * node's certificate and presents a trusted one of its own works over {@code ssl://}; plain TCP to
 * the TLS port and a client certificate the node does not trust are refused with a clear error.
 */
@Timeout(180)
class RemoteTlsTest {

    private static final String PASSWORD = "changeit";
    private static Path dir;
    private static String name;
    private static FrontEnd frontEnd;

    @BeforeAll
    static void startNode() throws Exception {
        dir = Files.createTempDirectory("cairnmq-tls");
        keyPair("node", "CN=127.0.0.1", "san=ip:127.0.0.1");
        keyPair("client", "CN=app", null);
        keyPair("rogue", "CN=rogue", null);
        trust("node", "client-trust.p12");
        trust("client", "node-trust.p12");
        name = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        Engine engine = Engines.obtain(BrokerConfigParser.parse(name, Map.of("dataDir", dir.resolve("data").toString())));
        frontEnd = FrontEnd.start(engine, FrontEndSettings.plain("127.0.0.1", 0, 1 << 20).withTls(TlsContexts.server(
                dir.resolve("node.p12"), PASSWORD.toCharArray(), dir.resolve("node-trust.p12"), PASSWORD.toCharArray(),
                ClientAuth.REQUIRE)));
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (frontEnd != null) {
            frontEnd.close();
        }
        Engines.shutdown(name);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aTrustedClientSendsAndReceivesOverTls() throws JMSException {
        try (Connection connection = factory("client").createConnection()) {
            connection.start();
            Session session = connection.createSession();
            Queue queue = session.createQueue("tls-" + UUID.randomUUID());
            session.createProducer(queue).send(session.createTextMessage("private"));
            assertEquals("private", ((TextMessage) session.createConsumer(queue).receive(10_000)).getText());
        }
    }

    @Test
    void plainTcpToTheTlsPortIsRefused() {
        CairnConnectionFactory plain = new CairnConnectionFactory("tcp://127.0.0.1:" + frontEnd.address().getPort()
                + "?connectTimeoutMillis=3000");
        JMSException refused = assertThrows(JMSException.class, () -> plain.createConnection().close());
        assertTrue(refused.getMessage().contains("ssl://") || refused.getMessage().contains("lost"), refused.getMessage());
    }

    @Test
    void aClientCertificateTheNodeDoesNotTrustIsRefused() {
        assertThrows(JMSException.class, () -> factory("rogue").createConnection().close());
    }

    private static CairnConnectionFactory factory(String clientKey) {
        return new CairnConnectionFactory("ssl://127.0.0.1:" + frontEnd.address().getPort()
                + "?connectTimeoutMillis=5000&trustStore=" + dir.resolve("client-trust.p12") + "&trustStorePassword="
                + PASSWORD + "&keyStore=" + dir.resolve(clientKey + ".p12") + "&keyStorePassword=" + PASSWORD);
    }

    private static void keyPair(String alias, String dname, String extension) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", alias,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        run(command);
    }

    /** A trust store holding the certificate of {@code alias}. */
    private static void trust(String alias, String store) throws Exception {
        Path certificate = dir.resolve(alias + ".cer");
        run(List.of(keytool(), "-exportcert", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(),
                "-storepass", PASSWORD, "-file", certificate.toString()));
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve(store).toString(), "-storepass", PASSWORD));
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + Files.readString(dir.resolve("keytool.log")));
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
