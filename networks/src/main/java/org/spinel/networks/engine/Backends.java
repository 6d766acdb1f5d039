package org.spinel.networks.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.spinel.neurons.ParameterException;

/** Finds {@link Backend}s through {@link ServiceLoader}. */
public final class Backends {
    private Backends() {
    }

    /** All backends on the class path (available or not), Java first. */
    public static List<Backend> all() {
        List<Backend> list = new ArrayList<>();
        for (Backend b : ServiceLoader.load(Backend.class)) {
            list.add(b);
        }
        list.sort((a, b) -> a.name().equals("java") ? -1 : b.name().equals("java") ? 1 : a.name().compareTo(b.name()));
        return list;
    }

    /**
     * The backend of this name; {@code "auto"} picks the first available non-Java backend, else Java.
     *
     * @throws ParameterException naming the known backends if none has this name, or saying why it is unavailable
     */
    public static Backend get(String name) {
        List<Backend> all = all();
        if ("auto".equals(name)) {
            for (Backend b : all) {
                if (!b.name().equals("java") && b.availability().available()) {
                    return b;
                }
            }
            return get("java");
        }
        for (Backend b : all) {
            if (b.name().equals(name)) {
                Backend.Availability a = b.availability();
                if (!a.available()) {
                    throw new ParameterException("backend \"" + name + "\" is not available here: " + a.reason());
                }
                return b;
            }
        }
        throw new ParameterException("backend = \"" + name + "\": expected one of " + all.stream().map(Backend::name).toList()
                + " or \"auto\"");
    }
}
