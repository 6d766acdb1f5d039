package org.spinel.plasticity.projection;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * A fixed projector onto the orthogonal complement of the span of given presynaptic vectors {@code q_1..q_k}:
 * {@code ΔW ← (I − U Uᵀ) ΔW} with {@code U} an orthonormal basis of the span (modified Gram–Schmidt, in the order
 * given), acting on the presynaptic index of a dense {@code [pre][post]} update. After it, {@code q_iᵀ ΔW = 0}:
 * the responses {@code q_iᵀ W} of the layer to the protected inputs do not change (the principle of gradient
 * projection methods for continual learning, e.g. Saha, Garg &amp; Roy 2021; HLOP learns {@code U} instead).
 *
 * <p>It observes nothing and has no learned state. Vectors that are (numerically) in the span of the earlier ones
 * add nothing; a zero or non-finite vector is an error.
 */
public final class ComplementProjector implements Projector {
    private final double[][] vectors;

    /** @param vectors the protected presynaptic vectors (at least one, equal lengths, finite, not all zero) */
    public ComplementProjector(List<double[]> vectors) {
        if (vectors == null || vectors.isEmpty()) {
            throw new IllegalArgumentException("projector vectors: expected at least one vector");
        }
        int n = vectors.get(0).length;
        this.vectors = new double[vectors.size()][];
        for (int k = 0; k < vectors.size(); k++) {
            double[] v = vectors.get(k);
            if (v.length != n) {
                throw new IllegalArgumentException("projector vectors[" + k + "] has " + v.length
                        + " entries: expected " + n + " like vectors[0]");
            }
            double sq = 0;
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("projector vectors[" + k + "] = " + x + ": expected finite values");
                }
                sq += x * x;
            }
            if (sq == 0) {
                throw new IllegalArgumentException("projector vectors[" + k + "] is zero: expected a non-zero vector");
            }
            this.vectors[k] = v.clone();
        }
    }

    /** Number of presynaptic units the vectors have. */
    public int length() {
        return vectors[0].length;
    }

    @Override
    public String describe() {
        return "complement of " + vectors.length + " fixed vector" + (vectors.length == 1 ? "" : "s");
    }

    @Override
    public ProjectorState bind(int pre, int post, SynapseGraph graph) {
        if (pre != length()) {
            throw new IllegalArgumentException("projector (" + describe() + "): vectors of length " + length()
                    + " do not fit a block with " + pre + " presynaptic units");
        }
        return new State(orthonormalBasis(vectors), pre, post);
    }

    /** Modified Gram–Schmidt; drops vectors whose remainder is below 1e-10 of their norm. */
    static double[][] orthonormalBasis(double[][] vs) {
        double[][] out = new double[vs.length][];
        int k = 0;
        for (double[] v0 : vs) {
            double[] v = v0.clone();
            double n0 = norm(v);
            for (int i = 0; i < k; i++) {
                double d = dot(out[i], v);
                for (int j = 0; j < v.length; j++) {
                    v[j] -= d * out[i][j];
                }
            }
            double n = norm(v);
            if (n > 1e-10 * n0) {
                for (int j = 0; j < v.length; j++) {
                    v[j] /= n;
                }
                out[k++] = v;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Applies {@code (I − U Uᵀ)} on the presynaptic index of an update, with one scratch row (no allocation). */
    private static final class State implements ProjectorState {
        private final double[][] basis;
        private final int pre, post;
        private final double[] c;

        State(double[][] basis, int pre, int post) {
            this.basis = basis;
            this.pre = pre;
            this.post = post;
            this.c = new double[post];
        }

        @Override
        public void project(double[] delta) {
            SpanRemoval.checkShape(delta, pre, post);
            for (double[] u : basis) {
                SpanRemoval.remove(delta, pre, post, u, 0, c);
            }
        }

        @Override
        public void reset() {
        }

        @Override
        public Map<String, double[]> exportState() {
            return Map.of();
        }

        @Override
        public void importState(Map<String, double[]> state) {
            if (!state.isEmpty()) {
                throw new IllegalArgumentException("projector state: a fixed complement projector has no state; found "
                        + state.keySet());
            }
        }
    }
}
