package io.cairnmq.glassfish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * An EJB module built by the test from compiled classes, with the two descriptors a
 * message-driven bean on CairnMQ needs in GlassFish: {@code META-INF/glassfish-ejb-jar.xml},
 * which names the resource adapter each bean takes its messages from (without it GlassFish
 * uses its own JMS adapter), and, for beans configured in XML rather than annotations,
 * {@code META-INF/ejb-jar.xml}.
 */
final class ApplicationArchive {

    private final String adapter;
    private final List<Class<?>> classes = new ArrayList<>();
    private final Map<String, String> messageDrivenBeans = new LinkedHashMap<>();
    private final StringBuilder beansInXml = new StringBuilder();
    private final StringBuilder transactions = new StringBuilder();

    ApplicationArchive(String adapter) {
        this.adapter = adapter;
    }

    ApplicationArchive withClasses(Class<?>... types) {
        classes.addAll(List.of(types));
        return this;
    }

    /** A bean whose annotations configure it: the descriptor only names its adapter. */
    ApplicationArchive withAnnotatedMessageDrivenBean(String ejbName) {
        messageDrivenBeans.put(ejbName, ejbName);
        return this;
    }

    /**
     * A message-driven bean configured in XML, on a queue, delivering with up to
     * {@code maxSession} sessions, inside a container transaction ({@code Required}) or without
     * one ({@code NotSupported}).
     */
    ApplicationArchive withMessageDrivenBean(String ejbName, Class<?> type, String queue, int maxSession,
                                             boolean transacted) {
        messageDrivenBeans.put(ejbName, ejbName);
        beansInXml.append("""
                    <message-driven>
                      <ejb-name>%s</ejb-name>
                      <ejb-class>%s</ejb-class>
                      <messaging-type>jakarta.jms.MessageListener</messaging-type>
                      <transaction-type>Container</transaction-type>
                      <activation-config>
                        %s
                        %s
                      </activation-config>
                    </message-driven>
                """.formatted(ejbName, type.getName(), property("destination", queue),
                property("maxSession", Integer.toString(maxSession))));
        transactions.append("""
                    <container-transaction>
                      <method><ejb-name>%s</ejb-name><method-name>*</method-name></method>
                      <trans-attribute>%s</trans-attribute>
                    </container-transaction>
                """.formatted(ejbName, transacted ? "Required" : "NotSupported"));
        return this;
    }

    private static String property(String name, String value) {
        return "<activation-config-property><activation-config-property-name>" + name
                + "</activation-config-property-name><activation-config-property-value>" + value
                + "</activation-config-property-value></activation-config-property>";
    }

    Path writeTo(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
                    if (bytes == null) {
                        throw new IOException("no class file for " + type.getName());
                    }
                    out.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(out);
                }
            }
            if (!beansInXml.isEmpty()) {
                write(out, "META-INF/ejb-jar.xml", ejbJarXml());
            }
            write(out, "META-INF/glassfish-ejb-jar.xml", glassfishEjbJarXml());
        }
        return jar;
    }

    private String ejbJarXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0">
                  <enterprise-beans>
                %s  </enterprise-beans>
                  <assembly-descriptor>
                %s  </assembly-descriptor>
                </ejb-jar>
                """.formatted(beansInXml, transactions);
    }

    /** The GlassFish descriptor that sends each message-driven bean's activation to CairnMQ's adapter. */
    private String glassfishEjbJarXml() {
        StringBuilder beans = new StringBuilder();
        for (String ejbName : messageDrivenBeans.keySet()) {
            beans.append("""
                        <ejb>
                          <ejb-name>%s</ejb-name>
                          <mdb-resource-adapter>
                            <resource-adapter-mid>%s</resource-adapter-mid>
                          </mdb-resource-adapter>
                        </ejb>
                    """.formatted(ejbName, adapter));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE glassfish-ejb-jar PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 EJB 3.1//EN"
                  "http://glassfish.org/dtds/glassfish-ejb-jar_3_1-1.dtd">
                <glassfish-ejb-jar>
                  <enterprise-beans>
                %s  </enterprise-beans>
                </glassfish-ejb-jar>
                """.formatted(beans);
    }

    private static void write(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
