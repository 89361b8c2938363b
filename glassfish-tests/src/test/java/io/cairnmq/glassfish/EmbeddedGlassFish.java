package io.cairnmq.glassfish;

import io.cairnmq.engine.net.FreePorts;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishException;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A GlassFish 7 server in the test's JVM, administered the way an operator does it: with the
 * asadmin commands of the README's deployment steps, run through the embedded command runner.
 * Its files (domain, logs, the deployed archives) live under one directory of the build.
 */
final class EmbeddedGlassFish implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    /** How embedded GlassFish names a setting of the server's configuration (domain.xml). */
    private static final String CONFIG = "embedded-glassfish-config.server.";

    private final GlassFishRuntime runtime;
    private final GlassFish server;

    private EmbeddedGlassFish(GlassFishRuntime runtime, GlassFish server) {
        this.runtime = runtime;
        this.server = server;
    }

    /** The ORB's listeners (plain, TLS, TLS with client certificates), which the EJB container starts. */
    private static final String[] ORB_LISTENERS = {"orb-listener-1", "SSL", "SSL_MUTUALAUTH"};

    /** Starts a server whose listeners (HTTP and the ORB's) take free ports of 127.0.0.1. */
    static EmbeddedGlassFish start(Path workDir) throws GlassFishException {
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new GlassFishException("cannot create " + workDir, e);
        }
        System.setProperty("glassfish.embedded.tmpdir", workDir.toString());
        GlassFishRuntime runtime = GlassFishRuntime.bootstrap();
        GlassFishProperties properties = new GlassFishProperties();
        properties.setPort("http-listener", FreePorts.take(LOOPBACK));
        properties.setProperty(CONFIG + "network-config.network-listeners.network-listener.http-listener.address",
                LOOPBACK);
        for (String listener : ORB_LISTENERS) {
            String prefix = CONFIG + "iiop-service.iiop-listener." + listener;
            properties.setProperty(prefix + ".address", LOOPBACK);
            properties.setProperty(prefix + ".port", Integer.toString(FreePorts.take(LOOPBACK)));
        }
        GlassFish server = runtime.newGlassFish(properties);
        server.start();
        return new EmbeddedGlassFish(runtime, server);
    }

    /** Runs one asadmin command; a failure fails the test with the server's own message. */
    String asadmin(String command, String... arguments) throws GlassFishException {
        CommandResult result = server.getCommandRunner().run(command, arguments);
        if (result.getExitStatus() == CommandResult.ExitStatus.FAILURE) {
            throw new IllegalStateException("asadmin " + command + " " + String.join(" ", arguments) + " failed: "
                    + result.getOutput(), result.getFailureCause());
        }
        return result.getOutput();
    }

    String deploy(File archive, String... options) throws GlassFishException {
        String name = server.getDeployer().deploy(archive, options);
        if (name == null) {
            throw new IllegalStateException("GlassFish did not deploy " + archive + "; its log says why");
        }
        return name;
    }

    void undeploy(String name) throws GlassFishException {
        server.getDeployer().undeploy(name);
    }

    @Override
    public void close() throws GlassFishException {
        try {
            server.stop();
            server.dispose();
        } finally {
            runtime.shutdown();
        }
    }
}
