package org.spinel.neurons;

/**
 * Parameter checks shared by every module. Each method names the item, the value and the allowed range in its
 * error message, e.g. {@code "LifCurrentNeuron.tauM = -20.0 ms: expected a finite value > 0"}.
 */
public final class Check {
    private Check() {
    }

    /** Requires a finite value (not NaN, not infinite). */
    public static double finite(String item, double value, String unit) {
        if (!Double.isFinite(value)) {
            throw new ParameterException(item + " = " + value + fmtUnit(unit) + ": expected a finite number");
        }
        return value;
    }

    /** Requires a finite value strictly greater than zero. */
    public static double positive(String item, double value, String unit) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new ParameterException(item + " = " + value + fmtUnit(unit) + ": expected a finite value > 0");
        }
        return value;
    }

    /** Requires a finite value greater than or equal to zero. */
    public static double nonNegative(String item, double value, String unit) {
        if (!Double.isFinite(value) || value < 0) {
            throw new ParameterException(item + " = " + value + fmtUnit(unit) + ": expected a finite value >= 0");
        }
        return value;
    }

    /** Requires a probability in [0, 1]. */
    public static double probability(String item, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new ParameterException(item + " = " + value + ": expected a probability in [0, 1]");
        }
        return value;
    }

    /** Requires {@code lo <= value <= hi}, both finite. */
    public static double inRange(String item, double value, double lo, double hi, String unit) {
        if (!(value >= lo && value <= hi)) {
            throw new ParameterException(item + " = " + value + fmtUnit(unit) + ": expected a value in [" + lo + ", "
                    + hi + "]" + fmtUnit(unit));
        }
        return value;
    }

    /** Requires an integer count of at least {@code min}. */
    public static int atLeast(String item, int value, int min) {
        if (value < min) {
            throw new ParameterException(item + " = " + value + ": expected an integer >= " + min);
        }
        return value;
    }

    /** Requires a non-null, non-blank name. */
    public static String name(String item, String value) {
        if (value == null || value.isBlank()) {
            throw new ParameterException(item + " = " + (value == null ? "null" : "\"" + value + "\"")
                    + ": expected a non-empty name");
        }
        return value;
    }

    private static String fmtUnit(String unit) {
        return unit == null || unit.isEmpty() ? "" : " " + unit;
    }
}
