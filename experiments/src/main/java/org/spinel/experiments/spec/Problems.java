package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.commons.text.similarity.LevenshteinDistance;

import com.fasterxml.jackson.databind.JsonNode;

/** Collects {@link ValidationError}s while a document is read, so that all of them are reported at once. */
public final class Problems {
    private final List<ValidationError> errors = new ArrayList<>();

    /** Records a problem. */
    public void add(String pointer, JsonNode found, String expected) {
        errors.add(new ValidationError(pointer, found == null || found.isMissingNode() ? "nothing (missing)"
                : abbreviate(found.toString()), expected));
    }

    /** Records a problem whose found value is described in words. */
    public void addText(String pointer, String found, String expected) {
        errors.add(new ValidationError(pointer, found, expected));
    }

    /** Whether nothing was recorded. */
    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Whether a problem was recorded at {@code pointer}. */
    public boolean hasAt(String pointer) {
        return errors.stream().anyMatch(e -> e.pointer().equals(pointer));
    }

    /** Number of problems so far. */
    public int size() {
        return errors.size();
    }

    /** The problems so far. */
    public List<ValidationError> list() {
        return List.copyOf(errors);
    }

    /** Throws an {@link ExperimentException} with every problem, if any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ExperimentException(errors);
        }
    }

    /** The candidate closest to {@code name} by edit distance, or null if none is reasonably close. */
    public static String nearest(String name, Collection<String> candidates) {
        LevenshteinDistance ld = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = ld.apply(name.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? best : null;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
