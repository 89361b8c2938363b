package io.cairnmq.ra.admin;

import jakarta.resource.Referenceable;

import javax.naming.Reference;
import java.io.Serializable;
import java.util.Objects;

/** A destination a server configures by its {@code Name} property (the physical name) and binds in JNDI. */
abstract class AdminDestination implements Referenceable, Serializable {

    private static final long serialVersionUID = 1L;

    private String name;
    private Reference reference;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The physical name; a destination used before it was named says so. */
    String physicalName() {
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("This " + getClass().getSimpleName() + " has no Name property: set it to the"
                    + " physical name of the destination");
        }
        return name;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && Objects.equals(((AdminDestination) other).name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), name);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + name + "}";
    }
}
