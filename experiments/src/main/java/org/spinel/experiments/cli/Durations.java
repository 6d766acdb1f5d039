package org.spinel.experiments.cli;

import org.spinel.neurons.ParameterException;

/** Parses durations such as {@code 10s}, {@code 500ms}, {@code 0.5 s} or a bare number of ms. */
public final class Durations {
    private Durations() {
    }

    /** Duration in ms; the error names the option. */
    public static double parseMs(String option, String text) {
        String t = text.trim().replace(" ", "");
        double factor = 1;
        String num = t;
        if (t.endsWith("ms")) {
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            num = t.substring(0, t.length() - 1);
            factor = 1000;
        }
        try {
            double v = Double.parseDouble(num) * factor;
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ParameterException(option + " = \"" + text + "\": expected a non-negative duration such as 10s, "
                    + "500ms or 250 (ms)");
        }
    }
}
