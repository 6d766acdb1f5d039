package org.spinel.experiments.mapscan;

/**
 * The kind of attractor an orbit settled on, decided from its period (all nodes, relative tolerance), its largest
 * Lyapunov exponent and, when λ was not computed, the 0-1 test. Codes are stable (tables and regime maps use them).
 */
public enum Regime {
    /** Period 1: the orbit converged to a fixed point. */
    FIXED_POINT(0),
    /** A period p &gt; 1 was detected. */
    PERIODIC(1),
    /** No period up to maxPeriod and λ_max within the tolerance of 0 (or K &le; 0.5): a torus / invariant curve. */
    QUASI_PERIODIC(2),
    /** λ_max above the tolerance (or K &gt; 0.5 when λ was not computed). */
    CHAOTIC(3),
    /** The trajectory overflowed (non-finite state). */
    DIVERGED(4);

    /** Stable numeric code. */
    public final int code;

    Regime(int code) {
        this.code = code;
    }

    /** Lower-case name with dashes, as in tables. */
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
