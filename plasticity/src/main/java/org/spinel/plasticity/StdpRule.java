package org.spinel.plasticity;

import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.PlasticityRule;
import org.spinel.networks.plasticity.RuleInstance;
import org.spinel.networks.plasticity.WeightUpdater;
import org.spinel.neurons.Check;

/**
 * Pair-based spike-timing-dependent plasticity with event-driven exponential traces (Song, Miller &amp; Abbott
 * 2000; trace formulation and pairing schemes after Morrison, Diesmann &amp; Gerstner 2008, Biol. Cybern. 98:459).
 *
 * <p>For a pre spike at t_pre and a post spike at t_post, Δt = t_post − t_pre:
 * <pre>
 *   Δt ≥ 0 (pre before post):  Δw = +A₊ · f₊(w) · e^(−Δt/τ₊)     (applied at the post spike)
 *   Δt &lt; 0 (post before pre):  Δw = −A₋ · f₋(w) · e^(Δt/τ₋)      (applied at the pre spike)
 * </pre>
 * with f₊ = f₋ = 1 ({@link WeightDependence#ADDITIVE}) or f₊ = w_max − w, f₋ = w − w_min
 * ({@link WeightDependence#MULTIPLICATIVE}, van Rossum, Bi &amp; Turrigiano 2000). Traces jump by 1 at each spike
 * ({@link Pairing#ALL_TO_ALL}: every pair counts) or are set to 1 ({@link Pairing#NEAREST}: only the nearest
 * preceding spike counts) and decay exactly between spikes; they are stored with the step of their last update and
 * decayed lazily, so steps without spikes cost nothing. The pre-spike time is the emission time (delays are
 * treated as dendritic). At equal times the pre handler runs first, so Δt = 0 potentiates by A₊.
 *
 * <p>Three options express variants such as the STDP of NALSM (Ivanov &amp; Michmizos 2021, spec nalsm.md:
 * traces {@code x ← e^(−1/τ)·(x + 0.1·S)} every ms, no update for spikes in the same step, and the window mirrored
 * for inhibitory presynaptic neurons):
 * <ul>
 * <li>{@link Builder#traceIncrement}: the jump of a trace at a spike (default 1); the pair window is then
 * {@code ±A·increment·e^(−|Δt|/τ)}, so NALSM's η₊ = 0.15 and A₋ = 0.15 are written as they are with increment 0.1.</li>
 * <li>{@link Builder#simultaneous}: whether a pre and a post spike in the same step form a pair
 * ({@link Simultaneous#CAUSAL}, Δt = 0 counts as pre before post, the default) or not ({@link Simultaneous#IGNORED}:
 * NALSM reads both traces before updating them, so only pairs at least one step apart count; needs all-to-all
 * pairing, since nearest pairing forgets the earlier spike when it records the simultaneous one).</li>
 * <li>{@link Builder#presynaptic}: {@link Presynaptic#INHIBITORY} mirrors the window for inhibitory presynaptic
 * neurons: pre before post depresses by {@code −A₋·f₋(w)·x_pre}, post before pre potentiates by
 * {@code +A₊·f₊(w)·x_post} (NALSM: Δw = −A₋·x_j·S_i + η₊·x_i·S_j for inhibitory j). Amplitudes keep their roles
 * (so modulators still scale depression by A₋'s gain) and traces their time constants (pre trace τ₊, post trace
 * τ₋).</li>
 * </ul>
 *
 * <p>Weights are clipped by the pipeline's bounds stage; for the multiplicative dependence w_min and w_max are the
 * soft-bound parameters and a hard {@code WeightBounds.hard(wMin, wMax)} is usually combined with it. Amplitudes are
 * in the unit of the projection's weights; time constants in ms.
 */
public final class StdpRule implements PlasticityRule {
    /** How spike pairs are counted. */
    public enum Pairing {
        /** All pre/post pairs contribute (traces accumulate). */
        ALL_TO_ALL,
        /** Only the nearest preceding spike contributes (traces reset to 1). */
        NEAREST
    }

    /** How the update depends on the current weight. */
    public enum WeightDependence {
        /** Independent of w. */
        ADDITIVE,
        /** Potentiation ∝ (w_max − w), depression ∝ (w − w_min). */
        MULTIPLICATIVE
    }

    /** Whether a pre and a post spike in the same step form a pair. */
    public enum Simultaneous {
        /** They do, as pre before post (Δt = 0): the post handler sees the step's pre spikes. */
        CAUSAL,
        /** They do not: only pairs at least one step apart change the weight (NALSM). */
        IGNORED
    }

    /** The sign convention of the window, by the type of the presynaptic neurons of the projection. */
    public enum Presynaptic {
        /** Pre before post potentiates (+A₊), post before pre depresses (−A₋). Also for input neurons in NALSM. */
        EXCITATORY,
        /** Mirrored: pre before post depresses (−A₋), post before pre potentiates (+A₊). */
        INHIBITORY
    }

    private final double aPlus, aMinus, tauPlus, tauMinus, wMin, wMax, increment;
    private final Pairing pairing;
    private final WeightDependence dependence;
    private final Simultaneous simultaneous;
    private final Presynaptic presynaptic;

    private StdpRule(Builder b) {
        aPlus = Check.nonNegative("stdp.aPlus", b.aPlus, "");
        aMinus = Check.nonNegative("stdp.aMinus", b.aMinus, "");
        tauPlus = Check.positive("stdp.tauPlus", b.tauPlus, "ms");
        tauMinus = Check.positive("stdp.tauMinus", b.tauMinus, "ms");
        wMin = Check.finite("stdp.wMin", b.wMin, "");
        wMax = Check.finite("stdp.wMax", b.wMax, "");
        if (!(wMin <= wMax)) {
            throw new org.spinel.neurons.ParameterException("stdp.wMin = " + wMin + ": expected a value <= wMax = " + wMax);
        }
        increment = Check.positive("stdp.traceIncrement", b.increment, "");
        if (b.pairing == null || b.dependence == null || b.simultaneous == null || b.presynaptic == null) {
            throw new org.spinel.neurons.ParameterException("stdp: pairing, weightDependence, simultaneous and "
                    + "presynaptic must not be null");
        }
        pairing = b.pairing;
        dependence = b.dependence;
        simultaneous = b.simultaneous;
        presynaptic = b.presynaptic;
        if (simultaneous == Simultaneous.IGNORED && pairing == Pairing.NEAREST) {
            throw new org.spinel.neurons.ParameterException("stdp.simultaneous = ignored: expected pairing all-to-all "
                    + "(nearest pairing forgets the earlier spike when it records a simultaneous one)");
        }
    }

    /**
     * Builder: A₊ = 0.01, A₋ = 0.0105, τ₊ = τ₋ = 20 ms, all-to-all, additive, w in [0, 1], trace increment 1,
     * simultaneous spikes causal, excitatory presynaptic neurons.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "stdp(aPlus=" + aPlus + ", aMinus=" + aMinus + ", tauPlus=" + tauPlus + " ms, tauMinus=" + tauMinus
                + " ms, " + pairing.name().toLowerCase() + ", " + dependence.name().toLowerCase()
                + (increment != 1 ? ", traceIncrement=" + increment : "")
                + (simultaneous != Simultaneous.CAUSAL ? ", simultaneous " + simultaneous.name().toLowerCase() : "")
                + (presynaptic != Presynaptic.EXCITATORY ? ", " + presynaptic.name().toLowerCase() + " presynaptic" : "")
                + ")";
    }

    /** Jump of a trace at a spike. */
    public double traceIncrement() {
        return increment;
    }

    /** Whether same-step pre/post spikes form a pair. */
    public Simultaneous simultaneous() {
        return simultaneous;
    }

    /** Sign convention of the window (by presynaptic type). */
    public Presynaptic presynaptic() {
        return presynaptic;
    }

    /** How spike pairs are counted. */
    public Pairing pairing() {
        return pairing;
    }

    /** How the update depends on the weight. */
    public WeightDependence weightDependence() {
        return dependence;
    }

    /** Lower weight of the multiplicative dependence. */
    public double wMin() {
        return wMin;
    }

    /** Upper weight of the multiplicative dependence. */
    public double wMax() {
        return wMax;
    }

    /** Potentiation amplitude. */
    public double aPlus() {
        return aPlus;
    }

    /** Depression amplitude (positive). */
    public double aMinus() {
        return aMinus;
    }

    /** Potentiation time constant (ms). */
    public double tauPlus() {
        return tauPlus;
    }

    /** Depression time constant (ms). */
    public double tauMinus() {
        return tauMinus;
    }

    /**
     * The additive STDP window: the weight change of one isolated pair with {@code dtMs = t_post − t_pre}
     * (including the trace increment, the treatment of Δt = 0 and the presynaptic sign convention).
     */
    public double window(double dtMs) {
        boolean inh = presynaptic == Presynaptic.INHIBITORY;
        if (dtMs == 0 && simultaneous == Simultaneous.IGNORED) {
            return 0;
        }
        if (dtMs >= 0) {
            double x = increment * Math.exp(-dtMs / tauPlus);
            return inh ? -aMinus * x : aPlus * x;
        }
        double x = increment * Math.exp(dtMs / tauMinus);
        return inh ? aPlus * x : -aMinus * x;
    }

    @Override
    public RuleInstance bind(SynapseGraph graph, int partitions, double dt) {
        return new Instance(graph, partitions, dt);
    }

    /** Step gaps below this use the tabulated trace decay (4096 steps: 409.6 ms at dt = 0.1 ms). */
    static final int DECAY_TABLE = 4096;

    private final class Instance implements RuleInstance {
        final int[] target, inStart, inSyn;
        /** inSource[k] = source[inSyn[k]]: the presynaptic neuron of incoming entry k, read without an indirection. */
        final int[] inSource;
        /** Per-partition copies of the presynaptic traces (each partition sees every pre spike). */
        final double[][] xPre;
        final long[][] tPre;
        /** Postsynaptic traces, written only by the partition owning the neuron. */
        final double[] xPost;
        final long[] tPost;
        final double kPlus, kMinus;
        /**
         * exp(kPlus·d) and exp(kMinus·d) for step gaps d &lt; {@link #DECAY_TABLE}: the same doubles that
         * {@code Math.exp} gives for those arguments (so results are bit-identical), without one exp per synapse event.
         */
        final double[] expPlus = new double[DECAY_TABLE], expMinus = new double[DECAY_TABLE];
        final boolean inhibitory = presynaptic == Presynaptic.INHIBITORY, allToAll = pairing == Pairing.ALL_TO_ALL,
                ignoreSimultaneous = simultaneous == Simultaneous.IGNORED,
                additive = dependence == WeightDependence.ADDITIVE;

        Instance(SynapseGraph g, int parts, double dt) {
            target = g.targets();
            inStart = g.incomingStart();
            inSyn = g.incomingSynapse();
            int[] source = g.sources();
            inSource = new int[inSyn.length];
            for (int k = 0; k < inSyn.length; k++) {
                inSource[k] = source[inSyn[k]];
            }
            xPre = new double[parts][g.nPre()];
            tPre = new long[parts][g.nPre()];
            xPost = new double[g.nPost()];
            tPost = new long[g.nPost()];
            kPlus = -dt / tauPlus;
            kMinus = -dt / tauMinus;
            for (int d = 0; d < DECAY_TABLE; d++) {
                expPlus[d] = Math.exp(kPlus * d);
                expMinus[d] = Math.exp(kMinus * d);
            }
        }

        /** exp(kPlus·gap): the table for short gaps, {@code Math.exp} for long ones. */
        private double decayPlus(long gap) {
            return gap >= 0 && gap < DECAY_TABLE ? expPlus[(int) gap] : Math.exp(kPlus * gap);
        }

        /** exp(kMinus·gap): the table for short gaps, {@code Math.exp} for long ones. */
        private double decayMinus(long gap) {
            return gap >= 0 && gap < DECAY_TABLE ? expMinus[(int) gap] : Math.exp(kMinus * gap);
        }

        @Override
        public void onPreSpike(int pre, long step, int from, int to, int partition, WeightUpdater u) {
            final double[] xp = xPost;
            final long[] tp = tPost;
            for (int s = from; s < to; s++) {
                int i = target[s];
                double x = xp[i];
                if (x != 0) {
                    // Post before pre: the post trace holds only earlier steps' post spikes (post handlers run later).
                    double trace = x * decayMinus(step - tp[i]);
                    if (inhibitory) {
                        double f = additive ? 1 : wMax - u.weight(s);
                        u.update(s, aPlus * f * trace, 0);
                    } else {
                        double f = additive ? 1 : u.weight(s) - wMin;
                        u.update(s, 0, -aMinus * f * trace);
                    }
                }
            }
            double[] x = xPre[partition];
            long[] t = tPre[partition];
            double decayed = x[pre] == 0 ? 0 : x[pre] * decayPlus(step - t[pre]);
            x[pre] = allToAll ? decayed + increment : increment;
            t[pre] = step;
        }

        @Override
        public void onPostSpike(int post, long step, int partition, WeightUpdater u) {
            double[] x = xPre[partition];
            long[] t = tPre[partition];
            for (int k = inStart[post], end = inStart[post + 1]; k < end; k++) {
                int j = inSource[k];
                if (x[j] != 0) {
                    int s = inSyn[k];
                    // Pre before post; the pre trace already holds this step's pre spike, which IGNORED removes.
                    double trace = ignoreSimultaneous && t[j] == step ? x[j] - increment
                            : x[j] * decayPlus(step - t[j]);
                    if (trace == 0 && ignoreSimultaneous) {
                        continue; // only this step's spike: no pair
                    }
                    if (inhibitory) {
                        double f = additive ? 1 : u.weight(s) - wMin;
                        u.update(s, 0, -aMinus * f * trace);
                    } else {
                        double f = additive ? 1 : wMax - u.weight(s);
                        u.update(s, aPlus * f * trace, 0);
                    }
                }
            }
            double decayed = xPost[post] == 0 ? 0 : xPost[post] * decayMinus(step - tPost[post]);
            xPost[post] = allToAll ? decayed + increment : increment;
            tPost[post] = step;
        }

        @Override
        public void reset() {
            for (double[] a : xPre) {
                java.util.Arrays.fill(a, 0);
            }
            java.util.Arrays.fill(xPost, 0);
        }
    }

    /** Builder; amplitudes in weight units, times in ms. */
    public static final class Builder {
        private double aPlus = 0.01, aMinus = 0.0105, tauPlus = 20, tauMinus = 20, wMin = 0, wMax = 1, increment = 1;
        private Pairing pairing = Pairing.ALL_TO_ALL;
        private WeightDependence dependence = WeightDependence.ADDITIVE;
        private Simultaneous simultaneous = Simultaneous.CAUSAL;
        private Presynaptic presynaptic = Presynaptic.EXCITATORY;

        /** Potentiation amplitude A₊ (&ge; 0). */
        public Builder aPlus(double v) {
            aPlus = v;
            return this;
        }

        /** Depression amplitude A₋ (&ge; 0; the update is −A₋·…). */
        public Builder aMinus(double v) {
            aMinus = v;
            return this;
        }

        /** Potentiation time constant τ₊ (ms). */
        public Builder tauPlus(double ms) {
            tauPlus = ms;
            return this;
        }

        /** Depression time constant τ₋ (ms). */
        public Builder tauMinus(double ms) {
            tauMinus = ms;
            return this;
        }

        /** Pairing scheme. */
        public Builder pairing(Pairing p) {
            pairing = p;
            return this;
        }

        /** Weight dependence. */
        public Builder weightDependence(WeightDependence d) {
            dependence = d;
            return this;
        }

        /** Soft-bound limits of the multiplicative dependence. */
        public Builder range(double min, double max) {
            wMin = min;
            wMax = max;
            return this;
        }

        /** Jump of a trace at a spike (&gt; 0; default 1; NALSM 0.1). */
        public Builder traceIncrement(double v) {
            increment = v;
            return this;
        }

        /** Whether same-step pre/post spikes form a pair (default {@link Simultaneous#CAUSAL}). */
        public Builder simultaneous(Simultaneous s) {
            simultaneous = s;
            return this;
        }

        /** Sign convention by presynaptic type (default {@link Presynaptic#EXCITATORY}). */
        public Builder presynaptic(Presynaptic p) {
            presynaptic = p;
            return this;
        }

        /** Validates and builds. */
        public StdpRule build() {
            return new StdpRule(this);
        }
    }
}
