package org.spinel.plasticity.projection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * HLOP with a shadow oracle (issue 21): the block is projected by HLOP ({@link HebbianSubspaceProjector}) exactly as
 * without the shadow (every call is forwarded to HLOP's state, in the same order, so HLOP's rows and the weights are
 * bit for bit those of HLOP alone), and an {@link OracleSubspaceProjector} with HLOP's schedule observes the same
 * activity but projects nothing. After each task boundary it records the principal angles ({@link PrincipalAngles})
 * between the span of HLOP's frozen rows (all tasks so far) and the oracle's basis: how far Oja's rule is from the
 * exact principal subspace it approximates.
 */
public final class HlopOracleComparison implements Projector {
    private final HebbianSubspaceProjector hlop;
    private final OracleSubspaceProjector oracle;

    /** HLOP {@code hlop}, compared with its oracle ({@link OracleSubspaceProjector#of(HebbianSubspaceProjector)}). */
    public HlopOracleComparison(HebbianSubspaceProjector hlop) {
        this.hlop = hlop;
        this.oracle = OracleSubspaceProjector.of(hlop);
    }

    /** The HLOP projector that acts. */
    public HebbianSubspaceProjector hlop() {
        return hlop;
    }

    @Override
    public String describe() {
        return hlop.describe() + ", compared with its exact oracle";
    }

    @Override
    public Activity activity() {
        return Activity.PRESYNAPTIC_RATE;
    }

    @Override
    public Stage stage() {
        return hlop.stage();
    }

    @Override
    public int updateInterval() {
        return hlop.updateInterval();
    }

    @Override
    public ProjectorState bind(int pre, int post, SynapseGraph graph) {
        return new State(hlop.bind(pre, post, graph), oracle.bind(pre, post, graph), pre);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HlopOracleComparison c && c.hlop.equals(hlop);
    }

    @Override
    public int hashCode() {
        return hlop.hashCode() * 31 + 1;
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * One task's comparison: HLOP's frozen rows, the oracle's basis size, the angles in degrees (ascending), and the
     * fractions of the task's activity energy {@code tr(C)} ({@code C = Σ a aᵀ} over the task) that the span of
     * HLOP's rows and the oracle's basis capture, {@code tr(Qᵀ C Q) / tr(C)} for an orthonormal basis {@code Q} of
     * each (NaN for a task without activity). Unlike the largest angle, which a single direction of nearly equal
     * energy in and out of the subspace decides, the captured energy says how much of what the projection protects
     * HLOP protects.
     */
    public record Angles(int task, int hlopRows, int oracleRows, double[] degrees, double hlopEnergy,
            double oracleEnergy) {
        /** The largest angle (0 when either subspace is empty). */
        public double largest() {
            return PrincipalAngles.largest(degrees);
        }

        /** The mean angle (NaN when either subspace is empty). */
        public double mean() {
            return PrincipalAngles.mean(degrees);
        }
    }

    /** The comparisons recorded by a bound state, one per task boundary so far. */
    public static List<Angles> angles(ProjectorState state) {
        if (!(state instanceof HlopOracleComparison.State s)) {
            throw new IllegalArgumentException("not the state of an HlopOracleComparison");
        }
        return Collections.unmodifiableList(s.angles);
    }

    private static final class State implements ProjectorState {
        private final ProjectorState h, o;
        private final int pre;
        private final List<Angles> angles = new ArrayList<>();

        State(ProjectorState h, ProjectorState o, int pre) {
            this.h = h;
            this.o = o;
            this.pre = pre;
        }

        @Override
        public void project(double[] delta) {
            h.project(delta);
        }

        @Override
        public void observe(double[] activity) {
            h.observe(activity);
            o.observe(activity);
        }

        @Override
        public void endTask() {
            double[] c = ActivitySubspaceProjector.correlation(o);
            double total = 0; // tr(C), the task's activity energy
            for (int j = 0; j < pre; j++) {
                total += c[j * pre + j];
            }
            h.endTask();
            o.endTask();
            int[] hr = new int[2], or = new int[1];
            double[] rows = HebbianSubspaceProjector.rows(h, hr);
            double[] basis = OracleSubspaceProjector.basis(o, or);
            int frozen = hr[1];
            angles.add(new Angles(angles.size(), frozen, or[0],
                    PrincipalAngles.degrees(rows, frozen, basis, or[0], pre), captured(rows, frozen, c, total),
                    captured(basis, or[0], c, total)));
        }

        /** {@code tr(Qᵀ C Q) / tr(C)} for an orthonormal basis Q of the span of the first k rows ({@code total = tr(C)}). */
        private double captured(double[] rows, int k, double[] c, double total) {
            if (!(total > 0)) {
                return Double.NaN;
            }
            if (k == 0) {
                return 0;
            }
            org.apache.commons.math3.linear.RealMatrix q = PrincipalAngles.orthonormal(rows, k, pre, "compared");
            double e = 0;
            double[] v = new double[pre], cv = new double[pre];
            for (int col = 0; col < k; col++) {
                for (int j = 0; j < pre; j++) {
                    v[j] = q.getEntry(j, col);
                }
                java.util.Arrays.fill(cv, 0);
                for (int j = 0; j < pre; j++) { // C v (C symmetric: row j of C times v)
                    double d = 0;
                    int o0 = j * pre;
                    for (int l = 0; l < pre; l++) {
                        d += c[o0 + l] * v[l];
                    }
                    cv[j] = d;
                }
                for (int j = 0; j < pre; j++) {
                    e += v[j] * cv[j];
                }
            }
            return e / total;
        }

        @Override
        public void reset() {
            h.reset();
            o.reset();
            angles.clear();
        }

        /** HLOP's entries, then the oracle's prefixed {@code oracle/}; the recorded angles are not state. */
        @Override
        public Map<String, double[]> exportState() {
            Map<String, double[]> m = new LinkedHashMap<>(h.exportState());
            o.exportState().forEach((k, v) -> m.put("oracle/" + k, v));
            return m;
        }

        @Override
        public void importState(Map<String, double[]> state) {
            Map<String, double[]> hs = new LinkedHashMap<>(), os = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k.startsWith("oracle/")) {
                    os.put(k.substring("oracle/".length()), v);
                } else {
                    hs.put(k, v);
                }
            });
            h.importState(hs);
            o.importState(os);
        }
    }
}
