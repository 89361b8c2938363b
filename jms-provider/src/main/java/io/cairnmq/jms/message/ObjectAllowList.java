package io.cairnmq.jms.message;

import java.util.Arrays;
import java.util.List;

/**
 * The packages whose classes an ObjectMessage may deserialize, as ActiveMQ and Artemis guard
 * it: deserializing an arbitrary class from the wire can run code an attacker chose. Set with
 * the URL option {@code trustedPackages=com.example,org.acme} ({@code *} trusts everything).
 */
public final class ObjectAllowList {

    /** What is trusted without configuration: the JDK's value types and collections. */
    public static final String DEFAULT = "java.lang,java.util,java.math,java.time";
    /** Trusts every class: for messages an application made itself. */
    static final ObjectAllowList EVERYTHING = new ObjectAllowList(List.of("*"));

    private final List<String> packages;

    private ObjectAllowList(List<String> packages) {
        this.packages = List.copyOf(packages);
    }

    public static ObjectAllowList parse(String csv) {
        return new ObjectAllowList(Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** Whether a class of this name (an array's element type is what counts) may be read. */
    public boolean allows(String className) {
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return true; // an array of primitives
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        for (String trusted : packages) {
            if (trusted.equals("*") || name.startsWith(trusted + ".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", packages);
    }
}
