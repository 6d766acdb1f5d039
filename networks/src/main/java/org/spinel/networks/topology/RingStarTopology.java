package org.spinel.networks.topology;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.coupling.CouplingGraph;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Ring-star graph on {@code n} nodes: node 0 is the hub, linked to every ring node; ring nodes 1..n−1 are each
 * linked to their {@code R} nearest ring neighbours on either side (Muni et al. 2022; Nair, Ghosh, Fatoyinbo, Muni
 * 2024). When {@code 2R ≥ n − 2} the ring is complete. The smallest case n = 4, R = 1 is the complete graph K4 with
 * hub triangles {0,1,2}, {0,1,3}, {0,2,3} and the ring triangle {1,2,3}.
 *
 * <p>As a {@link Topology} it yields every edge in both directions (for event projections); {@link #coupling}
 * builds the diffusive pairwise + higher-order coupling of the spec.
 */
public final class RingStarTopology implements Topology {
    private final int n, r, m;
    private final int[][] ringEdges;
    private final int[][] hubTriangles, ringTriangles;

    /**
     * @param n nodes including the hub (&ge; 4: a hub and a ring of at least three)
     * @param r ring range: neighbours on each side (&ge; 1)
     */
    public RingStarTopology(int n, int r) {
        this.n = Check.atLeast("RingStarTopology.n", n, 4);
        this.r = Check.atLeast("RingStarTopology.R", r, 1);
        this.m = n - 1;
        // Each ring node's neighbours lie within R places on either side: O(m·R) work, not O(m²). Pairs and
        // triangles are listed in lexicographic order (the coupling's summation order depends on it).
        java.util.TreeSet<Long> pairs = new java.util.TreeSet<>();
        for (int a = 0; a < m; a++) {
            for (int k = 1; k <= r; k++) {
                int b = (a + k) % m;
                if (b != a) {
                    pairs.add(Math.min(a, b) * (long) m + Math.max(a, b));
                }
            }
        }
        List<int[]> edges = new ArrayList<>(pairs.size());
        for (long pr : pairs) {
            edges.add(new int[] {(int) (pr / m) + 1, (int) (pr % m) + 1});
        }
        ringEdges = edges.toArray(new int[0][]);
        hubTriangles = new int[ringEdges.length][];
        for (int e = 0; e < ringEdges.length; e++) {
            hubTriangles[e] = new int[] {0, ringEdges[e][0], ringEdges[e][1]};
        }
        List<int[]> tris = new ArrayList<>();
        java.util.TreeSet<Integer> cs = new java.util.TreeSet<>();
        for (int[] e : ringEdges) {
            int a = e[0] - 1, b = e[1] - 1;
            cs.clear();
            for (int k = 1; k <= r; k++) {
                cs.add((a + k) % m);
                cs.add(((a - k) % m + m) % m);
            }
            for (int c : cs) {
                if (c > b && adjacent(a, c) && adjacent(b, c)) {
                    tris.add(new int[] {a + 1, b + 1, c + 1});
                }
            }
        }
        ringTriangles = tris.toArray(new int[0][]);
    }

    private boolean adjacent(int a, int b) {
        int d = Math.abs(a - b);
        d = Math.min(d, m - d);
        return d >= 1 && d <= r;
    }

    /** Number of nodes (hub included). */
    public int size() {
        return n;
    }

    /** Ring range R. */
    public int range() {
        return r;
    }

    /** Undirected ring–ring edges (sorted pairs of node indices). */
    public int[][] ringEdges() {
        return copy(ringEdges);
    }

    /** Number of undirected ring–ring edges: m·R for 2R &lt; m − 1, m(m−1)/2 for a complete ring (m = n − 1). */
    public int ringEdgeCount() {
        return ringEdges.length;
    }

    /** Number of undirected edges: hub–ring plus ring–ring. */
    public int edgeCount() {
        return m + ringEdges.length;
    }

    /** Triangles containing the hub, {0, i, j} per ring edge. */
    public int[][] hubTriangles() {
        return copy(hubTriangles);
    }

    /** Triangles of ring nodes only (sorted triples). */
    public int[][] ringTriangles() {
        return copy(ringTriangles);
    }

    private static int[][] copy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        if (nPre != n || nPost != n) {
            throw new ParameterException("RingStarTopology(n = " + n + ") used between populations of " + nPre + " and "
                    + nPost + " neurons: expected both of size " + n);
        }
        SynapsePairs p = new SynapsePairs(2 * edgeCount());
        for (int i = 1; i < n; i++) {
            p.add(0, i);
            p.add(i, 0);
        }
        for (int[] e : ringEdges) {
            p.add(e[0], e[1]);
            p.add(e[1], e[0]);
        }
        return p;
    }

    /**
     * The spec's coupling: hub {@code μ·Σ_j (x_j − x_0)}; ring node i {@code μ·(x_0 − x_i) + σ/(2R)·Σ_{ring
     * neighbours} (x_j − x_i)}; plus {@code σ2·(x_j + x_k − 2x_i)} for every triangle {i, j, k} containing the node,
     * with {@code sigma2Hub} for hub triangles and {@code sigma2Ring} for ring-only ones.
     */
    public CouplingGraph coupling(double mu, double sigma, double sigma2Hub, double sigma2Ring) {
        Check.finite("ring-star mu", mu, "");
        Check.finite("ring-star sigma", sigma, "");
        CouplingGraph.Builder b = CouplingGraph.builder(n);
        for (int i = 1; i < n; i++) {
            b.edge(0, i, mu);
        }
        for (int[] e : ringEdges) {
            b.edge(e[0], e[1], sigma / (2.0 * r));
        }
        if (sigma2Hub != 0) {
            for (int[] t : hubTriangles) {
                b.triangle(t[0], t[1], t[2], sigma2Hub);
            }
        }
        if (sigma2Ring != 0) {
            for (int[] t : ringTriangles) {
                b.triangle(t[0], t[1], t[2], sigma2Ring);
            }
        }
        return b.build();
    }

    @Override
    public String describe() {
        return "ring-star(n=" + n + ", R=" + r + ")";
    }
}
