package io.cairnmq.ra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The packaged {@code .rar} carries everything the adapter needs but the Jakarta EE APIs, which a
 * server provides: with only its own jars and those APIs on a class path, every class its
 * {@code ra.xml} names loads, and a connection through the provider it carries starts an
 * embedded broker (Hazelcast, H2, HikariCP, SLF4J) and moves a message.
 */
@Timeout(120)
class ResourceAdapterArchiveIT {

    private static final Pattern CLASS_ELEMENT = Pattern.compile("<([a-z-]+-(?:class|impl-class))>\\s*([\\w.$]+)\\s*<");

    @TempDir
    Path dir;

    @Test
    @DisplayName("The .rar alone, beside the Jakarta EE APIs, loads every class of its ra.xml and runs a broker")
    void theArchiveIsSelfContained() throws Exception {
        Path rar = Path.of(System.getProperty("cairnmq.rar"));
        List<URL> jars = new ArrayList<>();
        String raXml;
        try (ZipFile archive = new ZipFile(rar.toFile())) {
            raXml = new String(archive.getInputStream(archive.getEntry("META-INF/ra.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            for (ZipEntry entry : archive.stream().toList()) {
                if (entry.getName().endsWith(".jar")) {
                    Path jar = dir.resolve(entry.getName());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, jar);
                    }
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        try (URLClassLoader adapter = new URLClassLoader(jars.toArray(new URL[0]), new ServerApis())) {
            Matcher named = CLASS_ELEMENT.matcher(raXml);
            int classes = 0;
            while (named.find()) {
                if (!named.group(2).startsWith("jakarta.")) {
                    Class.forName(named.group(2), true, adapter);
                    classes++;
                }
            }
            assertFalse(classes == 0, "ra.xml names no class");
            assertEquals("through the .rar", roundTrip(adapter));
        }
    }

    /** Sends and receives one message on an embedded broker, using only the classes the .rar carries. */
    private String roundTrip(ClassLoader adapter) throws Exception {
        String broker = "rar-" + UUID.randomUUID().toString().substring(0, 8);
        Class<?> factoryType = Class.forName("io.cairnmq.jms.CairnConnectionFactory", true, adapter);
        jakarta.jms.ConnectionFactory factory = (jakarta.jms.ConnectionFactory) factoryType
                .getConstructor(String.class).newInstance("vm://" + broker + "?dataDir=" + dir.resolve("data"));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(adapter);
        try (jakarta.jms.JMSContext context = factory.createContext()) {
            jakarta.jms.Queue queue = context.createQueue("archive");
            context.createProducer().send(queue, "through the .rar");
            return context.createConsumer(queue).receiveBody(String.class, 10_000);
        } finally {
            Class.forName("io.cairnmq.engine.api.Engines", true, adapter).getMethod("shutdown", String.class)
                    .invoke(null, broker);
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * What a server gives an adapter: the JDK and the Jakarta EE APIs (the test's own, so that
     * the test can use what the adapter returns), and nothing else of the test's class path.
     */
    private static final class ServerApis extends ClassLoader {

        ServerApis() {
            super(ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("jakarta.")) {
                return ResourceAdapterArchiveIT.class.getClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name + " is neither the JDK's nor a Jakarta EE API");
        }
    }
}
