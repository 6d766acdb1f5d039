package org.spinel.opencl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.ProjectionSpec;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.neurons.ParameterException;

/**
 * The range of the OpenCL backend's synaptic sums, checked before a run. A step's arrivals at one target (a neuron's
 * ring entry of one synaptic target) are summed as 64-bit integers in units of 2^-32, each synapse adding
 * {@code rint(w * 2^32)}: exact and independent of the order of the atomics, but only while the sum stays below 2^63,
 * i.e. below 2^31 in weight units. Each synapse adds into a given ring entry at most once before the entry is read
 * (a presynaptic neuron spikes at most once per step and the synapse's delay is fixed), so the sum of |w| over a
 * neuron's incoming synapses of one target bounds every entry: when that bound fits, no sum can overflow, in any
 * order, on any execution form (per-projection launches, {@code FusedLif}).
 *
 * <p>Static weights enter with their value; plastic (STDP) weights with hard bounds with {@code max(|w|, |lo|, |hi|)}
 * (an updated weight is clipped into the bounds, one not yet updated keeps its value); plastic weights without bounds
 * get a limit {@link #weightLimit} shared by the unbounded projections onto one target, the largest |w| for which the
 * worst case still fits, which the STDP kernels check after every update (a weight beyond it stops the run with a
 * {@code SimulationException}). A network whose sums can exceed the range is refused before the run with a
 * {@link ParameterException} naming the projection, the neuron, the weights, the in-degree and the limit.
 */
final class FixedPointRange {
    /** Units per weight unit of the fixed-point sums (2^32). */
    static final double SCALE = 4294967296.0;
    /** The range of a sum in weight units: 2^63 fixed-point units. */
    static final double RANGE = 0x1p31;
    private static final long OVERFLOW = -1;

    /** Projections onto one ring (population and synaptic target slot). */
    private static final class Group {
        final PopulationSpec post;
        final String target;
        final List<Integer> members = new ArrayList<>();
        /** Fixed-point limit per unbounded plastic synapse of this group (Long.MAX_VALUE: none in it). */
        long unboundedLimit = Long.MAX_VALUE;

        Group(PopulationSpec post, String target) {
            this.post = post;
            this.target = target;
        }
    }

    private final ProjectionSpec[] specs;
    private final SynapseGraph[] graphs;
    /** The last weights written to each projection, as the host knows them; null: the graph's (initial) weights. */
    private final float[][] weights;
    /** Per projection: |w| limit of its plastic weights (hard bound or shared unbounded limit), NaN for static. */
    private final double[] limit;
    /** Per projection: whether its weights are plastic without (finite) bounds. */
    private final boolean[] unbounded;
    /** Per projection: max(|lo|, |hi|) of hard-bounded plastic weights (as floats), 0 otherwise. */
    private final double[] bound;
    private final Group[] groupOf;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private FixedPointRange(Network net) {
        int m = net.projections().size();
        specs = net.projections().values().toArray(new ProjectionSpec[0]);
        graphs = new SynapseGraph[m];
        weights = new float[m][];
        limit = new double[m];
        unbounded = new boolean[m];
        bound = new double[m];
        groupOf = new Group[m];
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int q = 0; q < m; q++) {
            ProjectionSpec pr = specs[q];
            index.put(pr.name(), q);
            graphs[q] = net.graph(pr.name());
            limit[q] = Double.NaN;
            if (pr.plasticity() != null) {
                double b = Double.POSITIVE_INFINITY;
                if (pr.plasticity().bounds() instanceof WeightBounds.Hard h) {
                    // an updated weight is (float) of a value in [lo, hi]: within the floats' bounds
                    b = Math.max(Math.abs((double) (float) h.lo()), Math.abs((double) (float) h.hi()));
                }
                if (b < Double.POSITIVE_INFINITY) {
                    bound[q] = b;
                    limit[q] = b;
                } else {
                    unbounded[q] = true;
                }
            }
            PopulationSpec post = net.populations().get(pr.post());
            int slot = post.model().synapticTargets().indexOf(pr.target()) == 1 ? 1 : 0;
            Group g = groups.computeIfAbsent(pr.post() + "\u0000" + slot, k -> new Group(post, pr.target()));
            g.members.add(q);
            groupOf[q] = g;
        }
        for (Group g : groups.values()) {
            settle(g);
        }
    }

    /**
     * Checks a network's synaptic sums against the range before it is compiled.
     *
     * @throws Refused (a ParameterException) naming the projection, neuron, weights, in-degree and the limit when a
     *                 sum can exceed the range
     */
    static FixedPointRange check(Network net) {
        return new FixedPointRange(net);
    }

    /**
     * The largest |w| a plastic projection's weights may reach (the STDP kernels flag a weight beyond it, or NaN);
     * {@code +Infinity} for a static projection (never checked on the device).
     */
    double weightLimit(String projection) {
        double l = limit[index.get(projection)];
        return Double.isNaN(l) ? Double.POSITIVE_INFINITY : l;
    }

    /** Whether the projection's weights are plastic and have no bounds (their limit comes from the range alone). */
    boolean unbounded(String projection) {
        return unbounded[index.get(projection)];
    }

    /**
     * Checks weights about to be written to a projection ({@code Simulation.setWeights}) and remembers them.
     *
     * @throws ParameterException when a sum could then exceed the range (nothing is remembered)
     */
    void setWeights(String projection, float[] w) {
        int q = index.get(projection);
        float[] old = weights[q];
        weights[q] = w.clone();
        try {
            if (unbounded[q]) {
                for (int s = 0; s < w.length; s++) {
                    if (!(Math.abs(w[s]) <= limit[q])) {
                        throw new ParameterException("projection \"" + projection + "\" weight[" + s + "] = " + w[s]
                                + ": expected |w| <= " + limit[q] + ", the largest weight of this projection (plastic, "
                                + "without bounds) for which the opencl backend's synaptic sums onto population \""
                                + specs[q].post() + "\" cannot overflow (" + rangeText() + ")");
                    }
                }
            }
            long[] sums = sums(groupOf[q]);
            int bad = firstOver(groupOf[q], sums);
            if (bad >= 0) {
                throw overflow(groupOf[q], bad, sums);
            }
        } catch (ParameterException e) {
            weights[q] = old;
            throw e;
        }
    }

    /** Forgets the written weights (the simulation's initial weights are back). */
    void resetWeights() {
        java.util.Arrays.fill(weights, null);
    }

    /** The group's sums and, for unbounded plastic members, their shared limit; refuses what cannot fit. */
    private void settle(Group g) {
        long[] sums = sums(g);
        int n = g.post.size();
        int[] k = new int[n];
        boolean any = false;
        for (int q : g.members) {
            if (unbounded[q]) {
                any = true;
                for (int t : graphs[q].targets()) {
                    k[t]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (sums[i] == OVERFLOW) {
                throw overflow(g, i, sums);
            }
        }
        if (!any) {
            return;
        }
        // the largest per-synapse limit a with sums[i] + k[i] * a < 2^63 at every neuron
        long a = Long.MAX_VALUE;
        int at = -1;
        for (int i = 0; i < n; i++) {
            if (k[i] > 0) {
                long room = (Long.MAX_VALUE - sums[i]) / k[i];
                if (room < a) {
                    a = room;
                    at = i;
                }
            }
        }
        double lim = a;
        if (lim >= 0x1p63 || (long) lim > a) {
            lim = Math.nextDown(lim);
        }
        lim /= SCALE;
        for (int q : g.members) {
            if (!unbounded[q]) {
                continue;
            }
            for (int s = 0; s < graphs[q].size(); s++) {
                float ws = weight(q, s);
                if (!(Math.abs(ws) <= lim)) {
                    int t = graphs[q].targets()[s];
                    throw new Refused("projection \"" + specs[q].name() + "\" (plastic, without weight bounds) onto "
                            + "population \"" + g.post.name() + "\", target " + g.target + ": weight " + ws
                            + " of synapse " + graphs[q].sources()[s] + " -> " + t + " is beyond " + lim
                            + ", the largest plastic weight for which the opencl backend's synaptic sums cannot "
                            + "overflow at neuron " + at + " (" + k[at] + " plastic synapses, other inputs up to "
                            + sums[at] / SCALE + "; " + rangeText() + ")", ": give the plasticity hard bounds, make the "
                            + "weights or the in-degree smaller, or run it with --backend java");
                }
            }
            limit[q] = lim;
        }
        g.unboundedLimit = a;
    }

    /** The fixed-point bound of each neuron's sum (OVERFLOW when it reaches 2^63), unbounded members left out. */
    private long[] sums(Group g) {
        long[] sums = new long[g.post.size()];
        for (int q : g.members) {
            if (unbounded[q]) {
                continue;
            }
            int[] t = graphs[q].targets();
            float[] w = weights[q] != null ? weights[q] : graphs[q].weights();
            double b = bound[q];
            for (int s = 0; s < t.length; s++) {
                // a sum beyond 2^63 - 1 units becomes OVERFLOW and stays so
                double x = Math.rint(Math.max(Math.abs((double) w[s]), b) * SCALE);
                long cur = sums[t[s]];
                long next = x >= 0x1p63 || cur < 0 ? OVERFLOW : cur + (long) x;
                sums[t[s]] = next < 0 ? OVERFLOW : next;
            }
        }
        return sums;
    }

    /** The first neuron whose bound, unbounded members at their limit included, exceeds the range; -1 if none. */
    private int firstOver(Group g, long[] sums) {
        int[] k = new int[sums.length];
        for (int q : g.members) {
            if (unbounded[q]) {
                for (int t : graphs[q].targets()) {
                    k[t]++;
                }
            }
        }
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] == OVERFLOW || k[i] > 0 && (Long.MAX_VALUE - sums[i]) / k[i] < g.unboundedLimit) {
                return i;
            }
        }
        return -1;
    }

    private Refused overflow(Group g, int i, long[] sums) {
        // what reaches neuron i, per projection: its synapses and their largest |w|
        StringBuilder parts = new StringBuilder();
        double total = 0;
        String lead = null;
        double leadSum = -1;
        for (int q : g.members) {
            int[] t = graphs[q].targets();
            int c = 0;
            double max = 0, sum = 0;
            for (int s = 0; s < t.length; s++) {
                if (t[s] == i) {
                    double a = unbounded[q] && !Double.isNaN(limit[q]) ? limit[q]
                            : Math.max(Math.abs((double) weight(q, s)), bound[q]);
                    c++;
                    max = Math.max(max, a);
                    sum += a;
                }
            }
            if (c == 0) {
                continue;
            }
            total += sum;
            parts.append(parts.length() == 0 ? "" : ", ").append('"').append(specs[q].name()).append("\": ").append(c)
                    .append(c == 1 ? " synapse" : " synapses").append(" of |w| up to ").append(max)
                    .append(specs[q].plasticity() != null ? " (plastic: its bound)" : "");
            if (sum > leadSum) {
                leadSum = sum;
                lead = specs[q].name();
            }
        }
        return new Refused("projection \"" + lead + "\": neuron " + i + " of population \"" + g.post.name()
                + "\" can receive " + total + " on target " + g.target + " in one step (the sum of |w| over its "
                + "incoming synapses: " + parts + "), beyond the opencl backend's range of " + RANGE + " ("
                + rangeText() + ")", ": make the weights or the in-degree smaller, or run it with --backend java");
    }

    private float weight(int q, int s) {
        return weights[q] != null ? weights[q][s] : graphs[q].weight(s);
    }

    private static String rangeText() {
        return "exact sums as 64-bit integers in units of 2^-32: a neuron's sum of |w| per synaptic target must stay "
                + "below 2^31";
    }

    /** A network refused before the run: an input error; {@link #problem} is what is wrong, without the advice. */
    static final class Refused extends ParameterException {
        private static final long serialVersionUID = 1L;
        private final String problem;

        Refused(String problem, String advice) {
            super(problem + advice);
            this.problem = problem;
        }

        /** What is beyond the range, and where. */
        String problem() {
            return problem;
        }
    }
}
