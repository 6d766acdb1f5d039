package org.spinel.plasticity.surrogate;

import java.util.List;
import java.util.Map;

import org.spinel.neurons.ParameterException;

/**
 * The registry of surrogate functions by their JSON names:
 * <table>
 *   <caption>names, parameters and defaults</caption>
 *   <tr><th>name</th><th>class</th><th>parameters (default)</th></tr>
 *   <tr><td>{@code fast-sigmoid}</td><td>{@link FastSigmoid}</td><td>slope (100)</td></tr>
 *   <tr><td>{@code sigmoid}</td><td>{@link SigmoidDerivative}</td><td>slope (25)</td></tr>
 *   <tr><td>{@code arctan}</td><td>{@link ArcTan}</td><td>alpha (2)</td></tr>
 *   <tr><td>{@code triangle}</td><td>{@link Triangle}</td><td>width (1)</td></tr>
 *   <tr><td>{@code exponential}</td><td>{@link ExponentialEscape}</td><td>slope (1), amplitude (25)</td></tr>
 *   <tr><td>{@code straight-through}</td><td>{@link StraightThrough}</td><td>clip (Infinity)</td></tr>
 * </table>
 * The first parameter of each row is the function's primary shape parameter ({@link SurrogateFunction#parameter()}).
 * Defaults follow the spec (learning-rules §1; fast-sigmoid 100 as in the SpyTorch reference network).
 */
public final class Surrogates {
    private static final List<String> NAMES = List.of(FastSigmoid.NAME, SigmoidDerivative.NAME, ArcTan.NAME,
            Triangle.NAME, ExponentialEscape.NAME, StraightThrough.NAME);

    private Surrogates() {
    }

    /** The valid names, in the order of the table above. */
    public static List<String> names() {
        return NAMES;
    }

    /** The function {@code fn} with its default parameters. */
    public static SurrogateFunction byName(String fn) {
        return byName(fn, defaultParameter(fn));
    }

    /**
     * The function {@code fn} with its primary parameter set to {@code parameter} (the slope of
     * {@code fast-sigmoid}, {@code sigmoid} and {@code exponential}, α of {@code arctan}, the width of
     * {@code triangle}, the clip of {@code straight-through}); other parameters at their defaults.
     *
     * @throws ParameterException (an {@link IllegalArgumentException}) for an unknown name, listing the valid
     *                            ones, or for a parameter that is not finite and &gt; 0, naming it and its value
     *                            (the straight-through clip also accepts Infinity)
     */
    public static SurrogateFunction byName(String fn, double parameter) {
        return switch (known(fn)) {
            case FastSigmoid.NAME -> new FastSigmoid(parameter);
            case SigmoidDerivative.NAME -> new SigmoidDerivative(parameter);
            case ArcTan.NAME -> new ArcTan(parameter);
            case Triangle.NAME -> new Triangle(parameter);
            case ExponentialEscape.NAME -> new ExponentialEscape(parameter);
            case StraightThrough.NAME -> new StraightThrough(parameter);
            default -> throw new AssertionError(fn);
        };
    }

    /**
     * The function {@code fn} from named parameters as JSON gives them, e.g. {@code {"slope": 1, "amplitude":
     * 12.5}}; absent parameters take their defaults.
     *
     * @throws ParameterException for an unknown function name or parameter name (listing the valid ones) or a
     *                            bad value
     */
    public static SurrogateFunction create(String fn, Map<String, Double> parameters) {
        String name = known(fn);
        List<String> allowed = parameterNames(name);
        for (String key : parameters.keySet()) {
            if (!allowed.contains(key)) {
                throw new ParameterException("surrogate." + name + "." + key + ": unknown parameter; "
                        + name + " takes " + String.join(", ", allowed));
            }
        }
        double primary = value(name, allowed.get(0), parameters, defaultParameter(name));
        if (name.equals(ExponentialEscape.NAME)) {
            return new ExponentialEscape(primary,
                    value(name, "amplitude", parameters, ExponentialEscape.DEFAULT_AMPLITUDE));
        }
        return byName(name, primary);
    }

    /** The parameter names of {@code fn}, primary first. */
    public static List<String> parameterNames(String fn) {
        return switch (known(fn)) {
            case FastSigmoid.NAME, SigmoidDerivative.NAME -> List.of("slope");
            case ArcTan.NAME -> List.of("alpha");
            case Triangle.NAME -> List.of("width");
            case ExponentialEscape.NAME -> List.of("slope", "amplitude");
            case StraightThrough.NAME -> List.of("clip");
            default -> throw new AssertionError(fn);
        };
    }

    /** The default primary parameter of {@code fn}. */
    public static double defaultParameter(String fn) {
        return switch (known(fn)) {
            case FastSigmoid.NAME -> 100;
            case SigmoidDerivative.NAME -> 25;
            case ArcTan.NAME -> 2;
            case Triangle.NAME, ExponentialEscape.NAME -> 1;
            case StraightThrough.NAME -> Double.POSITIVE_INFINITY;
            default -> throw new AssertionError(fn);
        };
    }

    private static double value(String fn, String key, Map<String, Double> parameters, double fallback) {
        Double v = parameters.get(key);
        if (parameters.containsKey(key) && v == null) {
            throw new ParameterException("surrogate." + fn + "." + key + " = null: expected a number");
        }
        return v == null ? fallback : v;
    }

    private static String known(String fn) {
        if (fn == null || !NAMES.contains(fn)) {
            throw new ParameterException("surrogate = " + (fn == null ? "null" : "\"" + fn + "\"")
                    + ": unknown surrogate function; expected one of " + String.join(", ", NAMES));
        }
        return fn;
    }
}
