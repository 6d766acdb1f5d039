package org.spinel.networks.coupling;

import java.util.Arrays;

/**
 * The ring-star form of a {@link CouplingGraph}, found by inspecting its terms: a ring of nodes
 * {@code lo..lo+m−1} in which every node sees the same neighbours at the same ring offsets with the same weights,
 * plus an optional hub (node 0) that every ring node sees with one weight and that sees every ring node with one
 * weight. A ring-star of Chialvo maps with pairwise and triangle coupling (Nair, Ghosh, Fatoyinbo, Muni 2024) has this
 * form for any R: a triangle term {@code w·(x_j + x_k − 2x_i)} is the two edge terms {@code w·(x_j − x_i) +
 * w·(x_k − x_i)}, so node i's terms merge into one weighted Laplacian row {@code Σ_j W_ij·(x_j − x_i)}, and on the
 * ring {@code W_ij} depends only on the offset {@code (j − i) mod m}.
 *
 * <p>Evaluated as a stencil, the coupling needs no index arrays: ring node i's term is
 * {@code hubWeight·(x_hub − x_i) + Σ_q weights[q]·(x_{ring(i + offsets[q])} − x_i)}, added in this order, and the
 * hub's term is {@code spokeWeight·Σ_{ring j}(x_j − x_hub)}. The merged weights round differently from the edge and
 * triangle terms summed one by one (the results agree to rounding), and both backends use this same form. The merged
 * weight of a neighbour is its contributions summed in ascending order, so that equal contributions give bit-equal
 * weights whatever the order the graph listed them in.
 */
public final class RingStencil {
    /** Ring nodes per block of the Java evaluation (fits the L1 cache with x and the accumulators). */
    public static final int BLOCK = 1024;
    /** The hub's index, or −1 for a ring without hub. */
    public final int hub;
    /** First ring node. */
    public final int lo;
    /** Ring length. */
    public final int m;
    /** Ring offsets in (0, m), ascending; the neighbour of ring node i at offset o is {@code lo + (i − lo + o) mod m}. */
    private final int[] offsets;
    /** Merged weight per offset. */
    private final double[] weights;
    /** Weight of {@code (x_hub − x_i)} at every ring node (0 without hub). */
    public final double hubWeight;
    /** Weight of each {@code (x_j − x_hub)} at the hub (0 without hub). */
    public final double spokeWeight;

    private RingStencil(int hub, int lo, int m, int[] offsets, double[] weights, double hubWeight, double spokeWeight) {
        this.hub = hub;
        this.lo = lo;
        this.m = m;
        this.offsets = offsets;
        this.weights = weights;
        this.hubWeight = hubWeight;
        this.spokeWeight = spokeWeight;
    }

    /** The ring offsets (a copy), ascending. */
    public int[] offsets() {
        return offsets.clone();
    }

    /** The merged weight per offset (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** Bytes the stencil occupies (offsets and weights). */
    public long bytes() {
        return 12L * offsets.length + 16;
    }

    /** The coupling input of node i for state x; the same arithmetic as {@link #addTerms}. */
    public double term(int i, double[] x) {
        if (i == hub) {
            return hubTerm(x);
        }
        if (i < lo || i >= lo + m) {
            return 0.0;
        }
        double xi = x[i], acc = 0.0;
        if (hub >= 0) {
            acc += hubWeight * (x[hub] - xi);
        }
        int r = i - lo;
        for (int q = 0; q < offsets.length; q++) {
            int j = r + offsets[q];
            if (j >= m) {
                j -= m;
            }
            acc += weights[q] * (x[lo + j] - xi);
        }
        return acc;
    }

    /**
     * The hub's term: {@code spokeWeight·Σ_j (x_j − x_hub)} over the ring, the sum in four interleaved partial sums
     * (ring position mod 4) combined as {@code (s0 + s1) + (s2 + s3)}, which does not depend on any partitioning.
     */
    public double hubTerm(double[] x) {
        if (hub < 0) {
            return 0.0;
        }
        double xh = x[hub], s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = lo, end = lo + m;
        for (; j + 3 < end; j += 4) {
            s0 += x[j] - xh;
            s1 += x[j + 1] - xh;
            s2 += x[j + 2] - xh;
            s3 += x[j + 3] - xh;
        }
        if (j < end) {
            s0 += x[j] - xh;
        }
        if (j + 1 < end) {
            s1 += x[j + 1] - xh;
        }
        if (j + 2 < end) {
            s2 += x[j + 2] - xh;
        }
        return spokeWeight * ((s0 + s1) + (s2 + s3));
    }

    /**
     * Adds the terms of nodes {@code [from, to)} into {@code out}, ring nodes in blocks of {@link #BLOCK} with one
     * vectorisable pass per offset; {@code acc} is scratch of at least {@link #BLOCK} values.
     */
    public void addTerms(double[] x, double[] out, int from, int to, double[] acc) {
        if (hub >= from && hub < to) {
            out[hub] += hubTerm(x);
        }
        int r0 = Math.max(from, lo), r1 = Math.min(to, lo + m);
        double xh = hub >= 0 ? x[hub] : 0.0, hw = hubWeight;
        boolean hasHub = hub >= 0;
        for (int b = r0; b < r1; b += BLOCK) {
            int e = Math.min(b + BLOCK, r1), len = e - b;
            if (hasHub) {
                for (int k = 0; k < len; k++) {
                    acc[k] = 0.0 + hw * (xh - x[b + k]);
                }
            } else {
                Arrays.fill(acc, 0, len, 0.0);
            }
            for (int q = 0; q < offsets.length; q++) {
                int o = offsets[q];
                double w = weights[q];
                // ring node i's neighbour is i + o before the wrap point, i + o − m after it
                int split = Math.max(b, Math.min(e, lo + m - o));
                for (int i = b; i < split; i++) {
                    acc[i - b] += w * (x[i + o] - x[i]);
                }
                int back = o - m;
                for (int i = split; i < e; i++) {
                    acc[i - b] += w * (x[i + back] - x[i]);
                }
            }
            for (int k = 0; k < len; k++) {
                out[b + k] += acc[k];
            }
        }
    }

    @Override
    public String toString() {
        return "RingStencil(hub=" + hub + ", ring=[" + lo + ", " + (lo + m) + "), offsets=" + Arrays.toString(offsets)
                + ", weights=" + Arrays.toString(weights) + ", hubWeight=" + hubWeight + ", spokeWeight=" + spokeWeight
                + ")";
    }

    // ------------------------------------------------------------------ detection

    /** The stencil form of g, or null when g has none (or no terms at all). */
    static RingStencil detect(CouplingGraph g) {
        int n = g.size();
        if (g.edgeTerms() + g.triangleTerms() == 0) {
            return null;
        }
        RingStencil s = n >= 3 ? detect(g, 0, 1, n - 1) : null;
        return s != null ? s : n >= 2 ? detect(g, -1, 0, n) : null;
    }

    private static RingStencil detect(CouplingGraph g, int hub, int lo, int m) {
        Row row = new Row();
        // the pattern from the first ring node
        row.merge(g, lo);
        double hubW = 0;
        int k = 0;
        int[] offs = new int[row.size];
        double[] ws = new double[row.size];
        for (int p = 0; p < row.size; p++) {
            int j = row.nb[p];
            if (j == hub) {
                hubW = row.w[p];
            } else if (j >= lo && j < lo + m) {
                offs[k] = j - lo;
                ws[k++] = row.w[p];
            } else {
                return null;
            }
        }
        offs = Arrays.copyOf(offs, k);
        ws = Arrays.copyOf(ws, k);
        sortByOffset(offs, ws);
        int[] o2 = new int[k];
        double[] w2 = new double[k];
        for (int i = lo + 1; i < lo + m; i++) {
            row.merge(g, i);
            double h = 0;
            int c = 0;
            for (int p = 0; p < row.size; p++) {
                int j = row.nb[p];
                if (j == hub) {
                    h = row.w[p];
                } else if (j >= lo && j < lo + m && c < k) {
                    o2[c] = Math.floorMod(j - i, m);
                    w2[c++] = row.w[p];
                } else {
                    return null;
                }
            }
            if (c != k || Double.doubleToLongBits(h) != Double.doubleToLongBits(hubW)) {
                return null;
            }
            sortByOffset(o2, w2);
            for (int q = 0; q < k; q++) {
                if (o2[q] != offs[q] || Double.doubleToLongBits(w2[q]) != Double.doubleToLongBits(ws[q])) {
                    return null;
                }
            }
        }
        double spoke = 0;
        if (hub >= 0) {
            row.merge(g, hub);
            if (row.size != 0) {
                if (row.size != m) {
                    return null;
                }
                spoke = row.w[0];
                for (int p = 0; p < m; p++) {
                    if (row.nb[p] != lo + p || Double.doubleToLongBits(row.w[p]) != Double.doubleToLongBits(spoke)) {
                        return null;
                    }
                }
            }
        }
        return new RingStencil(hub, lo, m, offs, ws, hubW, spoke);
    }

    private static void sortByOffset(int[] o, double[] w) {
        for (int a = 1; a < o.length; a++) {
            int ko = o[a];
            double kw = w[a];
            int b = a - 1;
            for (; b >= 0 && o[b] > ko; b--) {
                o[b + 1] = o[b];
                w[b + 1] = w[b];
            }
            o[b + 1] = ko;
            w[b + 1] = kw;
        }
    }

    /** One node's merged Laplacian row: distinct neighbours ascending, each weight its contributions summed in ascending order. */
    private static final class Row {
        int[] nb = new int[32];
        double[] w = new double[32];
        int size;
        private long[] keys = new long[32];
        private double[] cw = new double[32];
        private int[] cn = new int[32];
        private double[] group = new double[8];

        void merge(CouplingGraph g, int i) {
            int len = g.edgeStart[i + 1] - g.edgeStart[i] + 2 * (g.triStart[i + 1] - g.triStart[i]);
            if (cw.length < len) {
                cw = new double[len];
                cn = new int[len];
                keys = new long[len];
            }
            int c = 0;
            for (int e = g.edgeStart[i]; e < g.edgeStart[i + 1]; e++) {
                cn[c] = g.edgeSource[e];
                cw[c++] = g.edgeWeight[e];
            }
            for (int t = g.triStart[i]; t < g.triStart[i + 1]; t++) {
                cn[c] = g.triJ[t];
                cw[c++] = g.triWeight[t];
                cn[c] = g.triK[t];
                cw[c++] = g.triWeight[t];
            }
            // order contributions by (neighbour, weight): a key sort by neighbour, then each group's weights
            for (int p = 0; p < c; p++) {
                keys[p] = ((long) cn[p] << 32) | p;
            }
            Arrays.sort(keys, 0, c);
            if (nb.length < c) {
                nb = new int[c];
                w = new double[c];
            }
            size = 0;
            for (int p = 0; p < c;) {
                int j = (int) (keys[p] >>> 32), q = p;
                while (q < c && (int) (keys[q] >>> 32) == j) {
                    q++;
                }
                if (group.length < q - p) {
                    group = new double[q - p];
                }
                for (int u = p; u < q; u++) {
                    group[u - p] = cw[(int) keys[u]];
                }
                Arrays.sort(group, 0, q - p);
                double sum = 0;
                for (int u = 0; u < q - p; u++) {
                    sum += group[u];
                }
                nb[size] = j;
                w[size++] = sum;
                p = q;
            }
        }
    }
}
