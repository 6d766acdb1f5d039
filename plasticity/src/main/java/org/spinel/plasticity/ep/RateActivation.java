package org.spinel.plasticity.ep;

import java.util.Arrays;
import java.util.List;

/**
 * The activation {@code ρ} of a rate unit of an {@link EquilibriumNetwork}, on real states and (for the
 * holomorphic estimator) on complex ones.
 */
public enum RateActivation {
    /**
     * {@code ρ(z) = σ(4z − 2)}, the logistic sigmoid squeezed onto [0, 1] around 0.5 (Laborieux et al. 2021; the
     * spec's activation); holomorphic away from the poles {@code 4z − 2 = iπ(2k + 1)}.
     */
    SIGMOID("sigmoid") {
        @Override
        float apply(float z) {
            return FloatKernels.sigmoid(z);
        }

        @Override
        double derivative(double z) {
            double s = 1.0 / (1.0 + Math.exp(2.0 - 4.0 * z));
            return 4.0 * s * (1.0 - s);
        }

        @Override
        void applyComplex(float re, float im, float[] out, int i, float[] outIm) {
            double a = 4.0 * re - 2.0, b = 4.0 * im;
            // σ(w) = 1/(1 + e^{−w}) for Re w ≥ 0, 1 − σ(−w) otherwise (no overflow)
            boolean flip = a < 0;
            if (flip) {
                a = -a;
                b = -b;
            }
            double e = Math.exp(-a);
            double p = 1.0 + e * Math.cos(b), q = e * Math.sin(b); // 1 + e^{−w} = p − iq
            double d = p * p + q * q;
            double sr = p / d, si = q / d;
            if (flip) {
                sr = 1.0 - sr;
                si = -si;
            }
            out[i] = (float) sr;
            outIm[i] = (float) si;
        }
    },
    /** {@code ρ(z) = min(max(z, 0), 1)} (Scellier & Bengio 2017); not holomorphic. */
    HARD_SIGMOID("hard-sigmoid") {
        @Override
        float apply(float z) {
            return Math.min(Math.max(z, 0f), 1f);
        }

        @Override
        double derivative(double z) {
            return z > 0 && z < 1 ? 1 : 0;
        }

        @Override
        boolean holomorphic() {
            return false;
        }

        @Override
        void applyComplex(float re, float im, float[] out, int i, float[] outIm) {
            throw new UnsupportedOperationException("hard-sigmoid has no complex extension");
        }
    },
    /** {@code ρ(z) = tanh z}; holomorphic away from its poles {@code z = iπ(k + ½)}. */
    TANH("tanh") {
        @Override
        float apply(float z) {
            return FloatKernels.tanh(z);
        }

        @Override
        double derivative(double z) {
            double t = Math.tanh(z);
            return 1.0 - t * t;
        }

        @Override
        void applyComplex(float re, float im, float[] out, int i, float[] outIm) {
            double a = 2.0 * re, b = 2.0 * im;
            if (Math.abs(a) > 40) { // tanh → ±1 exponentially fast
                out[i] = Math.signum(re);
                outIm[i] = 0f;
                return;
            }
            double d = Math.cosh(a) + Math.cos(b); // tanh(x + iy) = (sinh 2x + i sin 2y) / (cosh 2x + cos 2y)
            out[i] = (float) (Math.sinh(a) / d);
            outIm[i] = (float) (Math.sin(b) / d);
        }
    };

    private final String id;

    RateActivation(String id) {
        this.id = id;
    }

    /** The JSON name ({@code "sigmoid"}, {@code "hard-sigmoid"}, {@code "tanh"}). */
    public String id() {
        return id;
    }

    /** {@code ρ(z)} in float (the relaxation's: a portable exp, the same bits as the vector kernels). */
    abstract float apply(float z);

    /** {@code ρ'(z)}. */
    abstract double derivative(double z);

    /** {@code ρ(z)} in double (the reference gradient's precision). */
    double applyDouble(double z) {
        return switch (this) {
            case SIGMOID -> 1.0 / (1.0 + Math.exp(2.0 - 4.0 * z));
            case HARD_SIGMOID -> Math.min(Math.max(z, 0), 1);
            case TANH -> Math.tanh(z);
        };
    }

    /** Whether {@code ρ} extends to a holomorphic function (what the holomorphic estimator needs). */
    boolean holomorphic() {
        return true;
    }

    /** {@code ρ(re + i·im)} into {@code out[i]} (real part) and {@code outIm[i]} (imaginary part). */
    abstract void applyComplex(float re, float im, float[] out, int i, float[] outIm);

    /** Whether {@code ρ} has a holomorphic extension (the holomorphic estimator needs one). */
    public boolean isHolomorphic() {
        return holomorphic();
    }

    /** The activation named {@code id}, or null. */
    public static RateActivation byId(String id) {
        for (RateActivation a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        return null;
    }

    /** The JSON names, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(RateActivation::id).toList();
    }
}
