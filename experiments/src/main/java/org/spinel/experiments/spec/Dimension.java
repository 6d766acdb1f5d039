package org.spinel.experiments.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A physical dimension of an experiment quantity, with its default unit (the unit of the Java API and of bare
 * numbers in JSON) and the unit symbols accepted for it with their factors to the default unit.
 */
public enum Dimension {
    /** Time; default ms. */
    TIME("ms", Map.of("ms", 1.0, "s", 1000.0, "us", 1e-3, "µs", 1e-3, "min", 60000.0)),
    /** Electric potential; default mV. */
    VOLTAGE("mV", Map.of("mV", 1.0, "V", 1000.0, "uV", 1e-3, "µV", 1e-3)),
    /** Electric current; default pA. */
    CURRENT("pA", Map.of("pA", 1.0, "nA", 1000.0, "uA", 1e6, "µA", 1e6, "fA", 1e-3)),
    /** Conductance; default nS. */
    CONDUCTANCE("nS", Map.of("nS", 1.0, "uS", 1000.0, "µS", 1000.0, "pS", 1e-3, "mS", 1e6)),
    /** Capacitance; default pF. */
    CAPACITANCE("pF", Map.of("pF", 1.0, "nF", 1000.0, "uF", 1e6, "µF", 1e6, "fF", 1e-3)),
    /** Frequency; default Hz. */
    FREQUENCY("Hz", Map.of("Hz", 1.0, "kHz", 1000.0)),
    /** A pure number (probabilities, map parameters, counts as real numbers). */
    DIMENSIONLESS("1", Map.of("1", 1.0));

    private final String unit;
    private final Map<String, Double> symbols;

    Dimension(String unit, Map<String, Double> symbols) {
        this.unit = unit;
        this.symbols = new LinkedHashMap<>(symbols);
    }

    /** The default unit symbol. */
    public String unit() {
        return unit;
    }

    /** Factor to the default unit of a symbol, or null when the symbol is not a unit of this dimension. */
    public Double factor(String symbol) {
        return symbols.get(symbol);
    }

    /** The dimension whose default unit is {@code unit} ("mV", "pA", ...; "" or "1" for dimensionless). */
    public static Dimension ofUnit(String unit) {
        for (Dimension d : values()) {
            if (d.unit.equals(unit)) {
                return d;
            }
        }
        return DIMENSIONLESS;
    }

    /** The dimension a unit symbol belongs to, or null. */
    public static Dimension ofSymbol(String symbol) {
        for (Dimension d : values()) {
            if (d.symbols.containsKey(symbol)) {
                return d;
            }
        }
        return null;
    }

    /** Human name for messages. */
    public String label() {
        return this == DIMENSIONLESS ? "a dimensionless number" : "a " + name().toLowerCase() + " (e.g. \"1 " + unit
                + "\", or a bare number in " + unit + ")";
    }
}
