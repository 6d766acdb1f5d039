package org.spinel.plasticity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.Network;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.Modulator;
import org.spinel.networks.plasticity.ModulatorInstance;
import org.spinel.networks.plasticity.StepSpikes;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * A leaky astrocyte unit that sets the depression rate A₋ of STDP from the activity it integrates (NALSM, Ivanov
 * &amp; Michmizos, NeurIPS 2021; spec nalsm.md). Each step it counts the spikes of its feeds, each with a sign
 * (NALSM: the liquid populations +1, the input −1), and relaxes towards {@code b + w·drive}:
 * <pre>
 *   drive = Σ_feeds sign · (spikes of the feed's selected neurons in this step)
 *   A₋ ← A₋ + [ w·drive + dt·(b − A₋) ] / τ          (dt = 1 ms: the spec's A₋ + [w·(ΣS_liquid − ΣS_input) + b − A₋]/τ)
 *   then, with decays on:  A₋, w, b and the potentiation rate η₊ are multiplied by decay^dt
 * </pre>
 * so a constant drive of c spikes per step gives the fixed point {@code b + w·c/dt}, reached with time constant
 * {@code τ} (per step the distance shrinks by 1 − dt/τ). More liquid than input activity raises depression and quiets
 * the liquid. NALSM constants: τ = 100 ms, b = A₋(0) = 0.15, w = 0.015 (1000-neuron liquid) or 0.0075 (8000),
 * decay 0.99 per ms in the feature phase (phase 2) only. The density ρ feeds the astrocyte from a random subset of
 * exactly {@code round(ρ·N)} neurons of each feed (N its size), drawn from the network's seed with the stream
 * {@code modulator/<name>/<feed>}; ρ = 1 takes every neuron.
 *
 * <p>As a {@link Modulator} it is usable on any projection and multiplies the rule's depression part by
 * {@code A₋(t)/A₋(0)} and its potentiation part by {@code η₊(t)/η₊(0)} (1 without decays). The rule's depression
 * amplitude therefore states A₋ at {@link #initial()}: for NALSM, {@code StdpRule.aMinus(0.15)} with
 * {@code traceIncrement(0.1)} and an astrocyte with {@code initial = bias = 0.15}. All state (A₋, w, b, η₊) returns
 * to its initial values at {@code Simulation.reset()} (the spec's reset between samples). Listing one astrocyte on
 * several projections makes one global unit: engines bind equal modulators once.
 */
public final class AstrocyteModulator implements Modulator {
    private final String name;
    private final Map<String, Double> feeds;
    private final double tau, weight, bias, initial, density, decay;

    private AstrocyteModulator(Builder b) {
        name = Check.name("astrocyte.name", b.name);
        String item = "astrocyte \"" + name + "\".";
        if (b.feeds.isEmpty()) {
            throw new ParameterException(item + "feeds: expected at least one population or source with a sign "
                    + "(NALSM: the liquid +1, the input -1)");
        }
        for (var e : b.feeds.entrySet()) {
            double s = e.getValue();
            if (!Double.isFinite(s) || s == 0) {
                throw new ParameterException(item + "feeds[\"" + e.getKey() + "\"] = " + s
                        + ": expected a finite non-zero sign (usually +1 or -1)");
            }
        }
        feeds = Collections.unmodifiableMap(new LinkedHashMap<>(b.feeds));
        tau = Check.positive(item + "tau", b.tau, "ms");
        weight = Check.finite(item + "weight", b.weight, "");
        bias = Check.finite(item + "bias", b.bias, "");
        initial = Check.positive(item + "initial", Double.isNaN(b.initial) ? b.bias : b.initial, "");
        if (!(b.density > 0 && b.density <= 1)) {
            throw new ParameterException(item + "density = " + b.density + ": expected a fraction in (0, 1]");
        }
        density = b.density;
        if (!(b.decay > 0 && b.decay <= 1)) {
            throw new ParameterException(item + "decay = " + b.decay + " per ms: expected a factor in (0, 1] (1: no decay)");
        }
        decay = b.decay;
    }

    /**
     * Builder with the NALSM1000 constants: τ = 100 ms, w = 0.015, b = 0.15, A₋(0) = b, ρ = 1, no decay, name
     * "astrocyte"; the feeds must be added.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Name (for the density stream and messages). */
    public String name() {
        return name;
    }

    /** Feeds: population or source name → sign, in insertion order (unmodifiable). */
    public Map<String, Double> feeds() {
        return feeds;
    }

    /** Time constant τ (ms). */
    public double tau() {
        return tau;
    }

    /** Weight w_astro of the drive. */
    public double weight() {
        return weight;
    }

    /** Bias b_astro (A₋'s resting value). */
    public double bias() {
        return bias;
    }

    /** A₋(0), the reference of the depression gain (&gt; 0). */
    public double initial() {
        return initial;
    }

    /** Fraction ρ of each feed's neurons that feed the astrocyte. */
    public double density() {
        return density;
    }

    /** Factor per ms on η₊, A₋, w and b (1: no decay). */
    public double decay() {
        return decay;
    }

    @Override
    public String describe() {
        StringBuilder f = new StringBuilder();
        for (var e : feeds.entrySet()) {
            f.append(f.length() == 0 ? "" : ", ").append(e.getKey()).append(e.getValue() > 0 ? "=+" : "=").append(e.getValue());
        }
        return "astrocyte(name=" + name + ", feeds={" + f + "}, tau=" + tau + " ms, weight=" + weight + ", bias=" + bias
                + ", initial=" + initial + (density != 1 ? ", density=" + density : "")
                + (decay != 1 ? ", decay=" + decay + "/ms" : "") + ")";
    }

    @Override
    public ModulatorInstance bind(Network network, double dt) {
        String item = "astrocyte \"" + name + "\".";
        if (!(dt <= tau)) {
            throw new ParameterException(item + "tau = " + tau + " ms: expected a value >= dt = " + dt + " ms (the update "
                    + "is explicit)");
        }
        List<String> known = new java.util.ArrayList<>(network.populations().keySet());
        known.addAll(network.sources().keySet());
        String[] names = new String[feeds.size()];
        double[] signs = new double[feeds.size()];
        boolean[][] masks = new boolean[feeds.size()][];
        RandomStreams streams = new RandomStreams(network.seed());
        int k = 0;
        for (var e : feeds.entrySet()) {
            String feed = e.getKey();
            if (!known.contains(feed)) {
                throw new ParameterException(item + "feeds: population \"" + feed + "\" does not exist: expected one of "
                        + "the populations or sources " + known);
            }
            names[k] = feed;
            signs[k] = e.getValue();
            masks[k] = density == 1 ? null
                    : select(network.sizeOf(feed), density, streams.stream("modulator/" + name + "/" + feed));
            k++;
        }
        return new Unit(names, signs, masks, dt);
    }

    /** Exactly round(ρ·n) of n neurons, chosen uniformly (partial Fisher–Yates). */
    static boolean[] select(int n, double rho, UniformRandomProvider rng) {
        int m = (int) Math.round(rho * n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean[] mask = new boolean[n];
        for (int i = 0; i < m; i++) {
            int r = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[r];
            order[r] = t;
            mask[order[i]] = true;
        }
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AstrocyteModulator a && a.name.equals(name) && a.feeds.equals(feeds) && a.tau == tau
                && a.weight == weight && a.bias == bias && a.initial == initial && a.density == density && a.decay == decay;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, feeds, tau, weight, bias, initial, density, decay);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Running state: A₋, the decaying w and b, and η₊(t)/η₊(0). */
    private final class Unit implements ModulatorInstance {
        final String[] names;
        final double[] signs;
        final boolean[][] masks;
        final double dt, stepDecay;
        double a, w, b, eta;

        Unit(String[] names, double[] signs, boolean[][] masks, double dt) {
            this.names = names;
            this.signs = signs;
            this.masks = masks;
            this.dt = dt;
            this.stepDecay = Math.pow(decay, dt);
            reset();
        }

        @Override
        public double potentiationGain() {
            return eta;
        }

        @Override
        public double depressionGain() {
            return a / initial;
        }

        @Override
        public void step(long step, StepSpikes spikes) {
            double drive = 0;
            for (int k = 0; k < names.length; k++) {
                int c = masks[k] == null ? spikes.count(names[k]) : spikes.count(names[k], masks[k]);
                drive += signs[k] * c;
            }
            a += (w * drive + dt * (b - a)) / tau;
            if (stepDecay != 1) {
                a *= stepDecay;
                w *= stepDecay;
                b *= stepDecay;
                eta *= stepDecay;
            }
        }

        @Override
        public void reset() {
            a = initial;
            w = weight;
            b = bias;
            eta = 1;
        }
    }

    /** Builder; see {@link AstrocyteModulator#builder()} for the defaults. */
    public static final class Builder {
        private String name = "astrocyte";
        private final Map<String, Double> feeds = new LinkedHashMap<>();
        private double tau = 100, weight = 0.015, bias = 0.15, initial = Double.NaN, density = 1, decay = 1;

        /** Name (default "astrocyte"): keys the random stream of the density subset. */
        public Builder name(String n) {
            name = n;
            return this;
        }

        /** Adds (or replaces) a feed: the spikes of population or source {@code population} times {@code sign}. */
        public Builder feed(String population, double sign) {
            feeds.put(population, sign);
            return this;
        }

        /** Time constant τ (ms, default 100). */
        public Builder tau(double ms) {
            tau = ms;
            return this;
        }

        /** Weight w_astro (default 0.015; 0.0075 for the 8000-neuron liquid). */
        public Builder weight(double v) {
            weight = v;
            return this;
        }

        /** Bias b_astro (default 0.15). */
        public Builder bias(double v) {
            bias = v;
            return this;
        }

        /** A₋(0) (&gt; 0; default: the bias), the value at which the rule's aMinus applies unchanged. */
        public Builder initial(double v) {
            initial = v;
            return this;
        }

        /** Neuron–astrocyte density ρ in (0, 1] (default 1). */
        public Builder density(double v) {
            density = v;
            return this;
        }

        /** Factor per ms on η₊, A₋, w and b (NALSM phase 2: 0.99; default 1 = off). */
        public Builder decay(double perMs) {
            decay = perMs;
            return this;
        }

        /** Validates and builds. */
        public AstrocyteModulator build() {
            return new AstrocyteModulator(this);
        }
    }
}
