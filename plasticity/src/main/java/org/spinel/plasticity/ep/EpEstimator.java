package org.spinel.plasticity.ep;

/**
 * How the nudged phases estimate the error vector {@code δ̂ ≈ dρ(u*)/dβ} (spec §3):
 * <ul>
 *   <li>{@link Kind#CLASSIC}: one nudge {@code +β}, {@code δ̂ = (ρ(u^β) − ρ(u⁰))/β} (Scellier &amp; Bengio 2017);</li>
 *   <li>{@link Kind#CENTRED}: nudges {@code ±β}, {@code δ̂ = (ρ(u^β) − ρ(u^−β))/(2β)} (Laborieux et al. 2021);</li>
 *   <li>{@link Kind#HOLOMORPHIC}: {@code N} complex nudges {@code β_k = |β| e^(2πik/N)},
 *       {@code δ̂ = Re (1/N) Σ_k (ρ(u^(β_k)) − ρ(u⁰))/β_k}, the first Fourier coefficient of {@code ρ(u^β)} on the
 *       circle, exact for finite {@code |β|} when the dynamics are holomorphic (Laborieux &amp; Zenke 2022).
 *       Conjugate nudges give conjugate states, so only {@code k = 0 .. ⌊N/2⌋} are relaxed, the complex ones
 *       counted twice.</li>
 * </ul>
 * Classic is the holomorphic form with {@code N = 1}, centred with {@code N = 2}: one implementation serves all three.
 *
 * @param kind    the estimator
 * @param beta    {@code |β|} (&gt; 0)
 * @param nudges  {@code N}: 1 (classic), 2 (centred) or the holomorphic count (&ge; 1)
 */
public record EpEstimator(Kind kind, double beta, int nudges) {
    /** The estimator kinds. */
    public enum Kind {
        /** One {@code +β} nudge. */
        CLASSIC("classic"),
        /** {@code ±β} nudges. */
        CENTRED("centred"),
        /** {@code N} nudges on the circle of radius {@code |β|}. */
        HOLOMORPHIC("holomorphic");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The JSON name. */
        public String id() {
            return id;
        }
    }

    /** Validates β and N. */
    public EpEstimator {
        if (kind == null) {
            throw new IllegalArgumentException("estimator: expected classic, centred or holomorphic");
        }
        if (!(beta > 0 && beta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("beta = " + beta + ": expected a finite |beta| > 0");
        }
        if (nudges < 1) {
            throw new IllegalArgumentException("N = " + nudges + ": expected at least 1 nudge");
        }
        if (kind == Kind.CLASSIC && nudges != 1 || kind == Kind.CENTRED && nudges != 2) {
            throw new IllegalArgumentException(kind.id + " estimator with N = " + nudges + ": expected N = "
                    + (kind == Kind.CLASSIC ? 1 : 2));
        }
    }

    /** Classic EP with nudge {@code +β}. */
    public static EpEstimator classic(double beta) {
        return new EpEstimator(Kind.CLASSIC, beta, 1);
    }

    /** Centred EP with nudges {@code ±β}. */
    public static EpEstimator centred(double beta) {
        return new EpEstimator(Kind.CENTRED, beta, 2);
    }

    /** Holomorphic EP with {@code n} nudges of modulus {@code |β|}. */
    public static EpEstimator holomorphic(double beta, int n) {
        return new EpEstimator(Kind.HOLOMORPHIC, beta, n);
    }

    /** Whether some nudge is complex ({@code N > 2}). */
    public boolean complex() {
        return nudges > 2;
    }

    /** The nudged phases relaxed per sample: {@code ⌊N/2⌋ + 1}, of which the complex ones count twice. */
    public int phases() {
        return nudges == 1 ? 1 : nudges / 2 + 1;
    }

    /** {@code "holomorphic N=4 |beta|=0.5"}. */
    public String describe() {
        return kind.id + (kind == Kind.HOLOMORPHIC ? " N=" + nudges : "") + " |beta|=" + beta;
    }
}
