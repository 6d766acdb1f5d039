package org.spinel.networks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.topology.SynapsePairs;
import org.spinel.networks.topology.Topology;
import org.spinel.networks.topology.ValueDistribution;
import org.spinel.neurons.Check;
import org.spinel.neurons.NeuronModel;
import org.spinel.neurons.ParameterException;

/**
 * An immutable network description: time step, root seed, populations, spike sources, event projections (with
 * their realised {@link SynapseGraph}s), current inputs and monitors. Knows nothing of backends; compile it with
 * {@code Backends.get("java").compile(network, options)}.
 *
 * <p>Connectivity is drawn once, in {@link Builder#build()}, from the stream {@code "projection/<name>"} of the
 * root seed, so every backend simulates exactly the same synapses.
 */
public final class Network {
    private final double dt;
    private final long seed;
    private final Map<String, PopulationSpec> populations;
    private final Map<String, SourceSpec> sources;
    private final Map<String, ProjectionSpec> projections;
    private final Map<String, SynapseGraph> graphs;
    private final List<CurrentInputSpec> currents;
    private final List<CouplingSpec> couplings;
    private final List<MonitorSpec> monitors;

    private Network(Builder b, Map<String, SynapseGraph> graphs) {
        this.dt = b.dt;
        this.seed = b.seed;
        this.populations = Collections.unmodifiableMap(new LinkedHashMap<>(b.populations));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
        this.projections = Collections.unmodifiableMap(new LinkedHashMap<>(b.projections));
        this.graphs = Collections.unmodifiableMap(graphs);
        this.currents = List.copyOf(b.currents);
        this.couplings = List.copyOf(b.couplings);
        this.monitors = List.copyOf(b.monitors);
    }

    /** A new builder (dt 0.1 ms, seed 1). */
    public static Builder builder() {
        return new Builder();
    }

    /** Time step in ms. */
    public double dt() {
        return dt;
    }

    /** Root seed of every random stream. */
    public long seed() {
        return seed;
    }

    /** Neuron populations in declaration order. */
    public Map<String, PopulationSpec> populations() {
        return populations;
    }

    /** Spike sources in declaration order. */
    public Map<String, SourceSpec> sources() {
        return sources;
    }

    /** Event projections in declaration order. */
    public Map<String, ProjectionSpec> projections() {
        return projections;
    }

    /** The realised synapses of a projection. */
    public SynapseGraph graph(String projection) {
        SynapseGraph g = graphs.get(projection);
        if (g == null) {
            throw new ParameterException("projection \"" + projection + "\" does not exist: expected one of "
                    + graphs.keySet());
        }
        return g;
    }

    /** Current inputs. */
    public List<CurrentInputSpec> currents() {
        return currents;
    }

    /** Diffusive couplings. */
    public List<CouplingSpec> couplings() {
        return couplings;
    }

    /** Monitors. */
    public List<MonitorSpec> monitors() {
        return monitors;
    }

    /** Size of a population or source, or an exception naming the known ones. */
    public int sizeOf(String name) {
        PopulationSpec p = populations.get(name);
        if (p != null) {
            return p.size();
        }
        SourceSpec s = sources.get(name);
        if (s != null) {
            return s.size();
        }
        throw new ParameterException("population \"" + name + "\" does not exist: expected one of " + allNames());
    }

    private List<String> allNames() {
        List<String> all = new ArrayList<>(populations.keySet());
        all.addAll(sources.keySet());
        return all;
    }

    /** Total number of neurons (populations only). */
    public long neuronCount() {
        long n = 0;
        for (PopulationSpec p : populations.values()) {
            n += p.size();
        }
        return n;
    }

    /** Total number of synapses over all projections. */
    public long synapseCount() {
        long n = 0;
        for (SynapseGraph g : graphs.values()) {
            n += g.size();
        }
        return n;
    }

    /** Bytes of all connectivity arrays. */
    public long connectivityBytes() {
        long n = 0;
        for (SynapseGraph g : graphs.values()) {
            n += g.bytes();
        }
        return n;
    }

    /** Fluent builder; {@link #build()} validates everything and draws the connectivity. */
    public static final class Builder {
        private double dt = 0.1;
        private long seed = 1;
        private final Map<String, PopulationSpec> populations = new LinkedHashMap<>();
        private final Map<String, SourceSpec> sources = new LinkedHashMap<>();
        private final Map<String, ProjectionSpec> projections = new LinkedHashMap<>();
        private final List<CurrentInputSpec> currents = new ArrayList<>();
        private final List<CouplingSpec> couplings = new ArrayList<>();
        private final List<MonitorSpec> monitors = new ArrayList<>();

        private Builder() {
        }

        /** Time step in ms (default 0.1). */
        public Builder dt(double ms) {
            this.dt = ms;
            return this;
        }

        /** Root seed (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Adds a population with default initial values. */
        public Builder population(String name, int size, NeuronModel model) {
            return population(name, size, model, Map.of());
        }

        /**
         * Adds a population with initial-value distributions per state variable ({@link
         * org.spinel.networks.topology.Values#perNeuron} sets each neuron's value).
         *
         * @throws ParameterException if an init names no state variable of the model or has per-neuron values whose
         *                            number differs from {@code size}
         */
        public Builder population(String name, int size, NeuronModel model, Map<String, ValueDistribution> init) {
            unique(name);
            model.checkPopulationSize(name, size);
            for (var e : init.entrySet()) {
                if (!model.stateVariables().contains(e.getKey())) {
                    throw new ParameterException("population \"" + name + "\".init." + e.getKey() + ": expected a state "
                            + "variable of " + model.name() + " " + model.stateVariables());
                }
                if (e.getValue() instanceof org.spinel.networks.topology.PerNeuronValues pv && pv.size() != size) {
                    throw new ParameterException("population \"" + name + "\".init." + e.getKey() + " has " + pv.size()
                            + " per-neuron values: expected " + size + " (one per neuron)");
                }
            }
            populations.put(name, new PopulationSpec(name, size, model, Map.copyOf(init)));
            return this;
        }

        /** Adds {@code size} Poisson sources at {@code rateHz}. */
        public Builder poissonSource(String name, int size, double rateHz) {
            unique(name);
            sources.put(name, new PoissonSource(name, size, rateHz));
            return this;
        }

        /** Adds sources spiking at prescribed times (source {@code neurons[k]} at {@code timesMs[k]}). */
        public Builder spikeSource(String name, int size, int[] neurons, double[] timesMs) {
            unique(name);
            sources.put(name, new SpikeArraySource(name, size, neurons.clone(), timesMs.clone()));
            return this;
        }

        /**
         * Adds {@code size} sources whose spikes a protocol supplies at run time ({@code Simulation.feed}); silent
         * until then.
         */
        public Builder externalSource(String name, int size) {
            unique(name);
            sources.put(name, new ExternalSource(name, size));
            return this;
        }

        /** Adds an event projection configured by {@code spec}. */
        public Builder projection(String name, String pre, String post, Consumer<ProjectionBuilder> spec) {
            unique(name);
            ProjectionBuilder pb = new ProjectionBuilder();
            spec.accept(pb);
            projections.put(name, new ProjectionSpec(name, pre, post, pb.target, pb.topology, pb.weight, pb.delay,
                    pb.plasticity));
            return this;
        }

        /** Injects a current into all neurons of a population. */
        public Builder current(String name, String population, CurrentProfile profile) {
            return current(name, population, null, profile);
        }

        /** Injects a current into selected neurons of a population. */
        public Builder current(String name, String population, int[] neurons, CurrentProfile profile) {
            unique(name);
            currents.add(new CurrentInputSpec(name, population, neurons == null ? null : neurons.clone(), profile));
            return this;
        }

        /**
         * Couples {@code variable} of a population diffusively through {@code graph} (added to the per-step input every
         * step).
         */
        public Builder coupling(String name, String population, String variable,
                org.spinel.networks.coupling.CouplingGraph graph) {
            unique(name);
            couplings.add(new CouplingSpec(name, population, variable, graph));
            return this;
        }

        /** Records all spikes of a population or source. */
        public Builder recordSpikes(String population) {
            monitors.add(new MonitorSpec.Spikes(population));
            return this;
        }

        /** Records a state variable of selected neurons ({@code null} = all) every {@code stride} steps. */
        public Builder recordState(String population, String variable, int[] neurons, int stride) {
            monitors.add(new MonitorSpec.State(population, variable, neurons == null ? null : neurons.clone(), stride));
            return this;
        }

        /** Records the population rate in bins of {@code binMs}. */
        public Builder recordRate(String population, double binMs) {
            monitors.add(new MonitorSpec.Rate(population, binMs));
            return this;
        }

        private void unique(String name) {
            Check.name("name", name);
            if (populations.containsKey(name) || sources.containsKey(name) || projections.containsKey(name)
                    || currents.stream().anyMatch(c -> c.name().equals(name))
                    || couplings.stream().anyMatch(c -> c.name().equals(name))) {
                throw new ParameterException("name \"" + name + "\" is used twice: expected unique names for populations, "
                        + "sources, projections and inputs");
            }
        }

        /** Validates the description and draws the connectivity. */
        public Network build() {
            Check.positive("dt", dt, "ms");
            if (populations.isEmpty() && sources.isEmpty()) {
                throw new ParameterException("network: expected at least one population");
            }
            for (PopulationSpec p : populations.values()) {
                if (p.size() < 1) {
                    throw new ParameterException("population \"" + p.name() + "\".size = " + p.size()
                            + ": expected at least 1 neuron (empty population)");
                }
                if (p.model() == null) {
                    throw new ParameterException("population \"" + p.name() + "\".model: expected a neuron model");
                }
                p.model().kernel(dt); // validates dt against the model
                for (String v : p.init().keySet()) {
                    p.model().variableIndex(v);
                }
            }
            for (SourceSpec s : sources.values()) {
                String n = "source \"" + s.name() + "\"";
                if (s.size() < 1) {
                    throw new ParameterException(n + ".size = " + s.size() + ": expected at least 1 source");
                }
                if (s instanceof PoissonSource ps) {
                    Check.nonNegative(n + ".rate", ps.rateHz(), "Hz");
                    if (ps.rateHz() * dt / 1000 > 1) {
                        throw new ParameterException(n + ".rate = " + ps.rateHz() + " Hz: expected rate·dt <= 1 (at most "
                                + 1000 / dt + " Hz for dt = " + dt + " ms)");
                    }
                } else if (s instanceof SpikeArraySource sa) {
                    if (sa.neurons().length != sa.timesMs().length) {
                        throw new ParameterException(n + ": neurons and times differ in length (" + sa.neurons().length
                                + " vs " + sa.timesMs().length + ")");
                    }
                    for (int k = 0; k < sa.neurons().length; k++) {
                        Check.inRange(n + ".neurons[" + k + "]", sa.neurons()[k], 0, sa.size() - 1, "");
                        Check.nonNegative(n + ".times[" + k + "]", sa.timesMs()[k], "ms");
                    }
                }
            }
            Network proto = new Network(this, Map.of());
            RandomStreams streams = new RandomStreams(seed);
            Map<String, SynapseGraph> graphs = new LinkedHashMap<>();
            for (ProjectionSpec pr : projections.values()) {
                graphs.put(pr.name(), realise(proto, pr, streams));
            }
            for (CurrentInputSpec c : currents) {
                PopulationSpec p = population(c.population(), "current input \"" + c.name() + "\".population");
                if (c.neurons() != null) {
                    for (int k = 0; k < c.neurons().length; k++) {
                        Check.inRange("current input \"" + c.name() + "\".neurons[" + k + "]", c.neurons()[k], 0,
                                p.size() - 1, "");
                    }
                }
            }
            for (CouplingSpec c : couplings) {
                String item = "coupling \"" + c.name() + "\"";
                PopulationSpec p = population(c.population(), item + ".population");
                p.model().variableIndex(c.variable());
                if (c.graph() == null || c.graph().size() != p.size()) {
                    throw new ParameterException(item + ".graph: " + (c.graph() == null ? "missing" : c.graph().size()
                            + " nodes") + ", expected one node per neuron of \"" + p.name() + "\" (" + p.size() + ")");
                }
            }
            for (MonitorSpec m : monitors) {
                if (m instanceof MonitorSpec.State st) {
                    PopulationSpec p = population(st.population(), "state monitor.population");
                    p.model().variableIndex(st.variable());
                    Check.atLeast("state monitor " + st.population() + "." + st.variable() + ".stride", st.stride(), 1);
                    if (st.neurons() != null) {
                        for (int k = 0; k < st.neurons().length; k++) {
                            Check.inRange("state monitor " + st.population() + ".neurons[" + k + "]", st.neurons()[k], 0,
                                    p.size() - 1, "");
                        }
                    }
                } else if (m instanceof MonitorSpec.Rate r) {
                    proto.sizeOf(r.population());
                    Check.positive("rate monitor " + r.population() + ".bin", r.binMs(), "ms");
                } else {
                    proto.sizeOf(m.population());
                }
            }
            return new Network(this, graphs);
        }

        private PopulationSpec population(String name, String item) {
            PopulationSpec p = populations.get(name);
            if (p == null) {
                throw new ParameterException(item + " = \"" + name + "\": expected one of the populations "
                        + populations.keySet());
            }
            return p;
        }

        private SynapseGraph realise(Network proto, ProjectionSpec pr, RandomStreams streams) {
            String n = "projection \"" + pr.name() + "\"";
            int nPre;
            try {
                nPre = proto.sizeOf(pr.pre());
            } catch (ParameterException e) {
                throw new ParameterException(n + ".pre = \"" + pr.pre() + "\": expected one of the populations or sources "
                        + proto.allNames());
            }
            PopulationSpec post = populations.get(pr.post());
            if (post == null) {
                throw new ParameterException(n + ".post = \"" + pr.post() + "\": expected one of the populations "
                        + populations.keySet());
            }
            if (pr.target() == null || !post.model().synapticTargets().contains(pr.target())) {
                throw new ParameterException(n + ".target = " + (pr.target() == null ? "null" : "\"" + pr.target() + "\"")
                        + ": expected one of " + post.model().synapticTargets() + " of model " + post.model().name());
            }
            if (pr.topology() == null) {
                throw new ParameterException(n + ".topology: expected a connectivity rule");
            }
            if (pr.weight() == null) {
                throw new ParameterException(n + ".weight: expected a weight distribution");
            }
            UniformRandomProvider rng = streams.stream("projection/" + pr.name());
            SynapsePairs pairs = pr.topology().connect(nPre, post.size(), rng);
            int m = pairs.size();
            float[] w = new float[m];
            int[] d = new int[m];
            ValueDistribution delay = pr.delayMs() == null ? (a, b, r) -> dt : pr.delayMs();
            for (int k = 0; k < m; k++) {
                double wk = pr.weight().sample(pairs.pre(k), pairs.post(k), rng);
                if (!Double.isFinite(wk) || Float.isInfinite((float) wk)) {
                    // weights are single precision: a finite double beyond Float.MAX_VALUE would become infinite
                    throw new ParameterException(n + ".weight of synapse " + pairs.pre(k) + " -> " + pairs.post(k) + " = "
                            + wk + ": expected a finite number of magnitude at most " + Float.MAX_VALUE
                            + " (weights are single precision)");
                }
                w[k] = (float) wk;
                double dk = delay.sample(pairs.pre(k), pairs.post(k), rng);
                long steps = Math.round(dk / dt);
                if (!(dk >= 0) || steps < 1) {
                    throw new ParameterException(n + ".delay of synapse " + pairs.pre(k) + " -> " + pairs.post(k) + " = "
                            + dk + " ms: expected at least one step (dt = " + dt + " ms)");
                }
                if (steps > Short.MAX_VALUE) {
                    throw new ParameterException(n + ".delay = " + dk + " ms: expected at most " + Short.MAX_VALUE
                            + " steps");
                }
                d[k] = (int) steps;
            }
            return SynapseGraph.fromPairs(nPre, post.size(), pairs, w, d);
        }
    }

    /** Configures one projection inside {@link Builder#projection}. */
    public static final class ProjectionBuilder {
        private String target;
        private Topology topology;
        private ValueDistribution weight;
        private ValueDistribution delay;
        private PlasticityPipeline plasticity;

        private ProjectionBuilder() {
        }

        /** Postsynaptic variable to add the weight to (e.g. {@code "ge"}). */
        public ProjectionBuilder target(String variable) {
            this.target = variable;
            return this;
        }

        /** Connectivity rule. */
        public ProjectionBuilder topology(Topology t) {
            this.topology = t;
            return this;
        }

        /** Weight distribution (unit of the target variable). */
        public ProjectionBuilder weight(ValueDistribution w) {
            this.weight = w;
            return this;
        }

        /** A constant weight. */
        public ProjectionBuilder weight(double w) {
            return weight((a, b, r) -> w);
        }

        /** Delay distribution in ms (default: one step). */
        public ProjectionBuilder delay(ValueDistribution d) {
            this.delay = d;
            return this;
        }

        /** A constant delay in ms. */
        public ProjectionBuilder delay(double ms) {
            return delay((a, b, r) -> ms);
        }

        /** Learning pipeline. */
        public ProjectionBuilder plasticity(PlasticityPipeline p) {
            this.plasticity = p;
            return this;
        }
    }
}
