package org.spinel.experiments.cli;

import org.spinel.experiments.spec.Dimension;
import org.spinel.experiments.spec.Problems;
import org.spinel.experiments.spec.Quantity;
import org.spinel.experiments.spec.TimeSteps;
import org.spinel.neurons.ParameterException;

import com.fasterxml.jackson.databind.node.TextNode;

/** Parses durations such as {@code 10s}, {@code 500ms}, {@code 0.5 s} or a bare number of ms. */
public final class Durations {
    private Durations() {
    }

    /** Duration in ms (the experiments' quantity syntax: "10s", "500 ms", a bare number of ms); the error names the option. */
    public static double parseMs(String option, String text) {
        Problems problems = new Problems();
        double v = Quantity.parse(TextNode.valueOf(text.trim()), Dimension.TIME, option, problems);
        if (!problems.isEmpty() || !(v >= 0)) {
            throw new ParameterException(option + " = \"" + text + "\": expected a non-negative duration such as 10s, "
                    + "500ms or 250 (ms)");
        }
        return v;
    }

    /** {@link #parseMs} as a whole number of steps of {@code dt} (at most {@link TimeSteps#MAX_STEPS}). */
    public static long steps(String option, String text, double dt) {
        double ms = parseMs(option, text);
        Problems problems = new Problems();
        long n = TimeSteps.whole(ms, dt, option, TextNode.valueOf(text), "a duration", problems);
        if (n < 0) {
            throw new ParameterException(option + " = \"" + text + "\": expected " + problems.list().get(0).expected());
        }
        return n;
    }
}
