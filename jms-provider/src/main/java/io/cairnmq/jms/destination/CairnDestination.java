package io.cairnmq.jms.destination;

import io.cairnmq.engine.api.DestinationName;
import jakarta.jms.Destination;

import java.io.Serializable;
import java.util.Objects;

/** Base of CairnMQ destinations: an immutable physical name of one kind. */
public abstract class CairnDestination implements Destination, Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    protected CairnDestination(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The physical name. */
    public final String name() {
        return name;
    }

    /** The engine's name for this destination. */
    public abstract DestinationName engineName();

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((CairnDestination) o).name.equals(name);
    }

    @Override
    public final int hashCode() {
        return name.hashCode() * 31 + getClass().hashCode();
    }

    @Override
    public String toString() {
        return engineName().qualified();
    }
}
