package org.spinel.networks.coupling;

import java.util.Arrays;

import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Linear diffusive coupling of one population's variable x, as data: weighted edges (pairwise terms
 * {@code w·(x_j − x_i)}) and weighted triangles (2-simplex terms {@code w·(x_j + x_k − 2·x_i)} at each of the three
 * vertices), with the normalisation folded into effective weights. See the ring-star spec (Nair, Ghosh, Fatoyinbo,
 * Muni 2024; the simplicial-complex form of higher-order diffusive coupling).
 *
 * <p>Every term vanishes on the synchronous manifold (all x equal), whatever the weights. Entries are kept per
 * target node in insertion order, so sums are deterministic.
 */
public final class CouplingGraph {
    /** How the terms at a node are normalised. */
    public static final class Normalization {
        /** No normalisation. */
        public static final Normalization NONE = new Normalization(0, 1);
        /** Divide node i's edge terms by its edge in-degree (its triangle terms by its triangle count). */
        public static final Normalization BY_DEGREE = new Normalization(1, 1);
        final int kind;
        final double divisor;

        private Normalization(int kind, double divisor) {
            this.kind = kind;
            this.divisor = divisor;
        }

        /** Divide every term by a constant (e.g. 2R). */
        public static Normalization constant(double divisor) {
            return new Normalization(2, Check.positive("normalization divisor", divisor, ""));
        }

        double factor(int count) {
            return switch (kind) {
                case 0 -> 1.0;
                case 1 -> count == 0 ? 1.0 : 1.0 / count;
                default -> 1.0 / divisor;
            };
        }

        @Override
        public String toString() {
            return kind == 0 ? "none" : kind == 1 ? "by-degree" : "constant(" + divisor + ")";
        }
    }

    private final int n;
    /** In-edge CSR by target node: terms {@code edgeWeight[k]·(x[edgeSource[k]] − x[i])}. */
    public final int[] edgeStart, edgeSource;
    /** Effective edge weights (normalisation folded in). */
    public final double[] edgeWeight;
    /** Triangle incidences by node: terms {@code triWeight[k]·(x[triJ[k]] + x[triK[k]] − 2·x[i])}. */
    public final int[] triStart, triJ, triK;
    /** Effective triangle weights. */
    public final double[] triWeight;
    /** The ring-star stencil form of these terms, or null (then the terms are evaluated from the arrays above). */
    private final RingStencil stencil;

    private CouplingGraph(int n, int[] edgeStart, int[] edgeSource, double[] edgeWeight, int[] triStart, int[] triJ,
            int[] triK, double[] triWeight) {
        this.n = n;
        this.edgeStart = edgeStart;
        this.edgeSource = edgeSource;
        this.edgeWeight = edgeWeight;
        this.triStart = triStart;
        this.triJ = triJ;
        this.triK = triK;
        this.triWeight = triWeight;
        this.stencil = RingStencil.detect(this);
    }

    /**
     * The ring-star stencil form of this coupling (a ring whose nodes all see the same weighted offsets, plus an
     * optional hub), or null. When present, both backends evaluate the coupling from it.
     */
    public RingStencil ringStencil() {
        return stencil;
    }

    /** A builder for {@code n} nodes. */
    public static Builder builder(int n) {
        return new Builder(n);
    }

    /** Number of nodes. */
    public int size() {
        return n;
    }

    /** Number of directed edge terms. */
    public int edgeTerms() {
        return edgeSource.length;
    }

    /** Number of triangle incidences (three per triangle). */
    public int triangleTerms() {
        return triJ.length;
    }

    /**
     * The full coupling input of node i for state x (reference implementation; with a {@link #ringStencil} its
     * arithmetic, the arithmetic of the engines).
     */
    public double term(int i, double[] x) {
        if (stencil != null) {
            return stencil.term(i, x);
        }
        return listedTerm(i, x);
    }

    /** Node i's terms summed one by one from the edge and triangle lists, in their order. */
    public double listedTerm(int i, double[] x) {
        double xi = x[i], sum = 0;
        for (int k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
            sum += edgeWeight[k] * (x[edgeSource[k]] - xi);
        }
        for (int k = triStart[i]; k < triStart[i + 1]; k++) {
            sum += triWeight[k] * (x[triJ[k]] + x[triK[k]] - 2 * xi);
        }
        return sum;
    }

    /** Adds the coupling input of nodes {@code [from, to)} for state x into {@code out}. */
    public void addTerms(double[] x, double[] out, int from, int to) {
        addTerms(x, out, from, to, stencil != null ? new double[RingStencil.BLOCK] : null);
    }

    /**
     * As {@link #addTerms(double[], double[], int, int)}, with scratch of {@link RingStencil#BLOCK} values for the
     * stencil form (unused without one), so that a step allocates nothing.
     */
    public void addTerms(double[] x, double[] out, int from, int to, double[] scratch) {
        if (stencil != null) {
            stencil.addTerms(x, out, from, to, scratch);
            return;
        }
        for (int i = from; i < to; i++) {
            out[i] += listedTerm(i, x);
        }
    }

    /** Bytes of the representation the engines evaluate: the stencil's, or the edge and triangle arrays'. */
    public long evaluatedBytes() {
        if (stencil != null) {
            return stencil.bytes();
        }
        return 4L * (edgeStart.length + edgeSource.length + triStart.length + triJ.length + triK.length)
                + 8L * (edgeWeight.length + triWeight.length);
    }

    /** Collects edges and triangles; {@link #build()} validates and normalises. */
    public static final class Builder {
        private final int n;
        private int[] eT = new int[16], eS = new int[16];
        private double[] eW = new double[16];
        private int ne;
        private int[] tI = new int[16], tJ = new int[16], tK = new int[16];
        private double[] tW = new double[16];
        private int nt;
        private Normalization edgeNorm = Normalization.NONE, triNorm = Normalization.NONE;

        private Builder(int n) {
            this.n = Check.atLeast("coupling size", n, 1);
        }

        private void node(String item, int i) {
            if (i < 0 || i >= n) {
                throw new ParameterException(item + " = " + i + ": expected a node index in [0, " + (n - 1) + "]");
            }
        }

        /** Undirected edge: {@code w·(x_j − x_i)} at i and {@code w·(x_i − x_j)} at j. */
        public Builder edge(int i, int j, double w) {
            directedEdge(i, j, w);
            return directedEdge(j, i, w);
        }

        /** One-way term {@code w·(x_source − x_target)} at target. */
        public Builder directedEdge(int target, int source, double w) {
            node("coupling edge target", target);
            node("coupling edge source", source);
            if (target == source) {
                throw new ParameterException("coupling edge " + target + " -> " + source + ": expected two distinct nodes");
            }
            Check.finite("coupling edge weight", w, "");
            if (ne == eT.length) {
                eT = Arrays.copyOf(eT, ne * 2);
                eS = Arrays.copyOf(eS, ne * 2);
                eW = Arrays.copyOf(eW, ne * 2);
            }
            eT[ne] = target;
            eS[ne] = source;
            eW[ne++] = w;
            return this;
        }

        /** Triangle {i, j, k} with weight w: {@code w·(x_j + x_k − 2x_i)} at i, and likewise at j and k. */
        public Builder triangle(int i, int j, int k, double w) {
            node("coupling triangle vertex", i);
            node("coupling triangle vertex", j);
            node("coupling triangle vertex", k);
            if (i == j || j == k || i == k) {
                throw new ParameterException("coupling triangle {" + i + ", " + j + ", " + k
                        + "}: expected three distinct nodes");
            }
            Check.finite("coupling triangle weight", w, "");
            if (nt == tI.length) {
                tI = Arrays.copyOf(tI, nt * 2);
                tJ = Arrays.copyOf(tJ, nt * 2);
                tK = Arrays.copyOf(tK, nt * 2);
                tW = Arrays.copyOf(tW, nt * 2);
            }
            tI[nt] = i;
            tJ[nt] = j;
            tK[nt] = k;
            tW[nt++] = w;
            return this;
        }

        /** Normalisation of the edge terms (default none). */
        public Builder edgeNormalization(Normalization norm) {
            edgeNorm = norm;
            return this;
        }

        /** Normalisation of the triangle terms (default none). */
        public Builder triangleNormalization(Normalization norm) {
            triNorm = norm;
            return this;
        }

        /** Builds the CSR arrays with normalised weights. */
        public CouplingGraph build() {
            int[] es = new int[n + 1];
            for (int k = 0; k < ne; k++) {
                es[eT[k] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                es[i + 1] += es[i];
            }
            int[] fill = es.clone();
            int[] src = new int[ne];
            double[] w = new double[ne];
            for (int k = 0; k < ne; k++) {
                int p = fill[eT[k]]++;
                src[p] = eS[k];
                w[p] = eW[k];
            }
            for (int i = 0; i < n; i++) {
                double f = edgeNorm.factor(es[i + 1] - es[i]);
                for (int k = es[i]; k < es[i + 1]; k++) {
                    w[k] *= f;
                }
            }
            int[] ts = new int[n + 1];
            for (int t = 0; t < nt; t++) {
                ts[tI[t] + 1]++;
                ts[tJ[t] + 1]++;
                ts[tK[t] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                ts[i + 1] += ts[i];
            }
            int[] tf = ts.clone();
            int m = 3 * nt;
            int[] oj = new int[m], ok = new int[m];
            double[] ow = new double[m];
            for (int t = 0; t < nt; t++) {
                int[] v = {tI[t], tJ[t], tK[t]};
                for (int r = 0; r < 3; r++) {
                    int p = tf[v[r]]++;
                    oj[p] = v[(r + 1) % 3];
                    ok[p] = v[(r + 2) % 3];
                    ow[p] = tW[t];
                }
            }
            for (int i = 0; i < n; i++) {
                double f = triNorm.factor(ts[i + 1] - ts[i]);
                for (int k = ts[i]; k < ts[i + 1]; k++) {
                    ow[k] *= f;
                }
            }
            return new CouplingGraph(n, es, src, w, ts, oj, ok, ow);
        }
    }
}
