package io.cairnmq.jms.jndi;

import io.cairnmq.jms.destination.CairnQueue;
import io.cairnmq.jms.destination.CairnTopic;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/** A flat, read-only naming context of the objects configured in the environment. */
final class ReadOnlyContext implements Context {

    private static final String DYNAMIC_QUEUES = "dynamicQueues/";
    private static final String DYNAMIC_TOPICS = "dynamicTopics/";

    private final Hashtable<Object, Object> environment;
    private final Map<String, Object> bindings;

    ReadOnlyContext(Hashtable<?, ?> environment, Map<String, Object> bindings) {
        this.environment = new Hashtable<>(environment);
        this.bindings = Map.copyOf(bindings);
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name == null || name.isEmpty()) {
            return this;
        }
        Object bound = bindings.get(name);
        if (bound != null) {
            return bound;
        }
        if (name.startsWith(DYNAMIC_QUEUES) && name.length() > DYNAMIC_QUEUES.length()) {
            return new CairnQueue(name.substring(DYNAMIC_QUEUES.length()));
        }
        if (name.startsWith(DYNAMIC_TOPICS) && name.length() > DYNAMIC_TOPICS.length()) {
            return new CairnTopic(name.substring(DYNAMIC_TOPICS.length()));
        }
        throw new NameNotFoundException("Nothing is bound to '" + name + "'. Bound names: "
                + bindings.keySet().stream().sorted().collect(Collectors.joining(", "))
                + ". Bind more with connectionFactory.NAME=vm://BROKER, queue.NAME=physicalName or"
                + " topic.NAME=physicalName in jndi.properties, or look up dynamicQueues/NAME or dynamicTopics/NAME");
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(name.toString());
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        checkRoot(name);
        return enumeration(bindings.entrySet().stream()
                .map(e -> new NameClassPair(e.getKey(), e.getValue().getClass().getName())).iterator());
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(name.toString());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        checkRoot(name);
        return enumeration(bindings.entrySet().stream()
                .map(e -> new Binding(e.getKey(), e.getValue())).iterator());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(name.toString());
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(environment);
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    @Override
    public void close() {
        // nothing to release: the bound factories own no resources until used
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    @Override
    public NameParser getNameParser(String name) {
        return CompositeName::new;
    }

    @Override
    public NameParser getNameParser(Name name) {
        return CompositeName::new;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    private static void checkRoot(String name) throws NamingException {
        if (name != null && !name.isEmpty()) {
            throw new NameNotFoundException("This context is flat; list it with an empty name, not '" + name + "'");
        }
    }

    private static OperationNotSupportedException readOnly() {
        return new OperationNotSupportedException("The CairnMQ JNDI context is read-only: configure it in"
                + " jndi.properties (connectionFactory.NAME=URL, queue.NAME=physicalName, topic.NAME=physicalName)");
    }

    private static <T> NamingEnumeration<T> enumeration(Iterator<T> items) {
        return new NamingEnumeration<>() {
            @Override
            public T next() {
                return items.next();
            }

            @Override
            public boolean hasMore() {
                return items.hasNext();
            }

            @Override
            public void close() {
                // nothing held
            }

            @Override
            public boolean hasMoreElements() {
                return items.hasNext();
            }

            @Override
            public T nextElement() {
                return items.next();
            }
        };
    }
}
