package org.spinel.experiments.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds {@link Protocol}s through {@link ServiceLoader} (the service file
 * {@code META-INF/services/org.spinel.experiments.protocol.Protocol} of every jar on the class path, tests'
 * included), like {@code org.spinel.networks.engine.Backends} finds backends.
 */
public final class Protocols {
    private static volatile Map<String, Protocol<?>> byName;

    private Protocols() {
    }

    private static Map<String, Protocol<?>> registry() {
        Map<String, Protocol<?>> m = byName;
        if (m == null) {
            Map<String, Protocol<?>> found = new LinkedHashMap<>();
            for (Protocol<?> p : ServiceLoader.load(Protocol.class, Protocols.class.getClassLoader())) {
                Protocol<?> earlier = found.putIfAbsent(p.name(), p);
                if (earlier != null) {
                    throw new IllegalStateException("two protocols named \"" + p.name() + "\": "
                            + earlier.getClass().getName() + " and " + p.getClass().getName());
                }
            }
            byName = m = java.util.Collections.unmodifiableMap(found);
        }
        return m;
    }

    /** The names of every protocol found, in class-path and service-file order. */
    public static List<String> names() {
        return List.copyOf(registry().keySet());
    }

    /** The protocol named {@code name}, or null if there is none. */
    public static Protocol<?> find(String name) {
        return name == null ? null : registry().get(name);
    }

    /**
     * The protocol named {@code name}.
     *
     * @throws IllegalStateException if none has that name (the reader has already checked {@code /protocol/type},
     *                               so this is a programming error)
     */
    public static Protocol<?> get(String name) {
        Protocol<?> p = find(name);
        if (p == null) {
            throw new IllegalStateException("no protocol \"" + name + "\" among " + names());
        }
        return p;
    }
}
