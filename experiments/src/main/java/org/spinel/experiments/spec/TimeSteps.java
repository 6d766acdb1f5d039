package org.spinel.experiments.spec;

import java.math.BigDecimal;
import java.math.MathContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Times that the engine turns into step counts (durations, delays, bins, spike and switch times) must be whole
 * multiples of {@code dt}: a time between two steps is an error naming the two nearest valid times, never a silent
 * rounding. A relative tolerance of 1e-9 absorbs the binary representation of decimal times (0.3 ms / 0.1 ms).
 */
public final class TimeSteps {
    /** The most steps a run may have: step indices and per-step buffers are int-indexed. */
    public static final long MAX_STEPS = Integer.MAX_VALUE;
    private static final double TOLERANCE = 1e-9;

    private TimeSteps() {
    }

    /**
     * The number of steps of {@code ms}, or -1 after recording a problem at {@code pointer}; nothing is checked
     * (and -1 returned) when {@code ms} or {@code dt} is NaN, because the cause was reported where it is.
     */
    public static long whole(double ms, double dt, String pointer, JsonNode found, String what, Problems problems) {
        if (Double.isNaN(ms) || Double.isNaN(dt) || !(dt > 0)) {
            return -1;
        }
        double steps = ms / dt;
        if (steps < 0) {
            problems.add(pointer, found, what + " >= 0");
            return -1;
        }
        if (!(steps <= MAX_STEPS + 0.5)) {
            problems.add(pointer, found, what + " of at most " + MAX_STEPS + " steps of dt = " + format(dt) + " ms ("
                    + format(MAX_STEPS * dt) + " ms)");
            return -1;
        }
        double n = Math.rint(steps);
        if (Math.abs(steps - n) > TOLERANCE * Math.max(1, n)) {
            double lo = Math.floor(steps), hi = lo + 1;
            problems.add(pointer, found, what + " that is a whole number of steps of dt = " + format(dt) + " ms (it is "
                    + format(steps) + " steps): the nearest are " + format(lo * dt) + " ms (" + steps((long) lo) + ") and "
                    + format(hi * dt) + " ms (" + steps((long) hi) + ")");
            return -1;
        }
        return (long) n;
    }

    private static String steps(long n) {
        return n + (n == 1 ? " step" : " steps");
    }

    /** A number for messages: at most 12 significant digits, no trailing zeros, no exponent for everyday sizes. */
    public static String format(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        BigDecimal b = new BigDecimal(x).round(new MathContext(12)).stripTrailingZeros();
        return Math.abs(x) >= 1e-6 && Math.abs(x) < 1e15 || x == 0 ? b.toPlainString() : b.toString();
    }
}
