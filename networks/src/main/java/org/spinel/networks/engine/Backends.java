package org.spinel.networks.engine;

import org.spinel.networks.Network;

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

    /**
     * The backend of this name for {@code network}, with the reason for the choice: {@code "auto"} takes the first
     * available non-Java backend that implements every element of the network and does not expect to be slower than
     * Java for it ({@link Backend#slowerThanJava}), else Java (saying why); a named
     * backend that lacks an element fails with a message naming it.
     */
    public static Selection select(String name, Network network) {
        if ("auto".equals(name)) {
            StringBuilder why = new StringBuilder();
            for (Backend b : all()) {
                if (b.name().equals("java")) {
                    continue;
                }
                Backend.Availability a = b.availability();
                String missing = a.available() ? b.unsupported(network) : null;
                String slower = a.available() && missing == null ? b.slowerThanJava(network) : null;
                if (a.available() && missing == null && slower == null) {
                    return new Selection(b, "auto: " + b.name() + " (" + a.reason() + ")");
                }
                why.append(why.length() == 0 ? "" : "; ").append(b.name()).append(": ")
                        .append(!a.available() ? a.reason() : missing != null ? "does not implement " + missing
                                : slower);
            }
            return new Selection(get("java"), "auto: java" + (why.length() == 0 ? " (no other backend installed)"
                    : " (" + why + ")"));
        }
        Backend b = get(name);
        String missing = b.unsupported(network);
        if (missing != null) {
            throw new ParameterException("backend \"" + name + "\" does not implement " + missing
                    + ": use --backend java (or auto, which falls back to java)");
        }
        return new Selection(b, "requested");
    }

    /**
     * A backend chosen for a network.
     *
     * @param backend the backend
     * @param reason  why it was chosen
     */
    public record Selection(Backend backend, String reason) {
    }
}
