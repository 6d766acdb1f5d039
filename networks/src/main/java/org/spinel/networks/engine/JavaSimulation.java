package org.spinel.networks.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.networks.CurrentInputSpec;
import org.spinel.networks.MonitorSpec;
import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.ProjectionSpec;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SourceSpec;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.ModulatorInstance;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;
import org.spinel.networks.plasticity.RuleInstance;
import org.spinel.networks.plasticity.WeightUpdater;
import org.spinel.networks.topology.ValueDistribution;
import org.spinel.neurons.NeuronKernel;
import org.spinel.neurons.NeuronState;
import org.spinel.neurons.NonFiniteStateException;
import org.spinel.neurons.ParameterException;
import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

/**
 * The reference engine: clock-driven neuron updates, event-driven delivery through per-target delay ring buffers.
 *
 * <p><b>Step n</b> (time n·dt → (n+1)·dt), per partition (a fixed range of every population's neurons):
 * <ol>
 * <li>A: add the ring-buffer slot of step n to the target variables and clear it; record state monitors (state at
 * n·dt); zero the input, add currents; run the model kernel, collecting spikes (stamped step n) in ascending
 * order; partition 0 also generates the sources' spikes of step n.</li>
 * <li>barrier</li>
 * <li>B: for every spike of step n of every emitter, in (emitter, partition, neuron) order, add the weights of the
 * synapses whose targets this partition owns to slot (n + delay) of the ring (delay ≥ 2 steps; a one-step delay
 * adds straight into the target variable, which nothing reads before step n + 1's arrivals); run plasticity
 * pre- then post-spike handlers; partition 0 records spikes and rates and advances the modulators.</li>
 * </ol>
 * {@code PER_TRIAL} pipelines accumulate Δw in phase B; when their projector observes presynaptic activity, partition
 * 0 (which walks every presynaptic spike) also counts the spikes per presynaptic neuron, and
 * {@link #applyPlasticity()} runs project → bounds → observe (the {@link Projector} contract).
 * Each target's inputs are summed in the same order whatever the number of partitions (rows are sorted by target,
 * so a partition's share of a row is a contiguous slice), hence results are bit-identical for any thread count.
 * Spike lists are double-buffered by step parity, so one barrier per step suffices. With several threads the
 * partitions' work between barriers (B of step n, then A of step n + 1, per partition) is claimed by whichever worker
 * threads are running ({@link PartScheduler}): a worker descheduled by a busy machine holds up no other.
 */
final class JavaSimulation implements Simulation {
    private final Network net;
    private final int parts;
    private final double dt;
    private final Pop[] pops;
    private final Src[] srcs;
    private final Proj[] projs;
    private final Cur[] curs;
    private final Coup[] coups;
    private final StateMon[] stateMons;
    private final SpikeMon[] spikeMons;
    private final RateMon[] rateMons;
    private final Map<String, Integer> popIndex = new HashMap<>();
    private final Map<String, Integer> srcIndex = new HashMap<>();
    private final List<ModulatorInstance> modulators = new ArrayList<>();
    /** Distinct modulators (by equals) and their running state, shared by the projections that list them. */
    private final Map<org.spinel.networks.plasticity.Modulator, ModulatorInstance> boundModulators = new HashMap<>();
    private final Spikes stepSpikes = new Spikes();
    private long step;
    private long spikeCount;
    /** Synaptic events per partition, padded to a cache line per partition (no false sharing). */
    private final long[] eventsPerPart;
    /** Array stride that keeps per-partition counters on separate cache lines. */
    static final int PAD = 16;

    JavaSimulation(Network net, SimulationOptions options) {
        this.net = net;
        this.dt = net.dt();
        int maxSize = 1;
        for (PopulationSpec p : net.populations().values()) {
            maxSize = Math.max(maxSize, p.size());
        }
        this.parts = Math.min(options.threads(), maxSize);
        this.eventsPerPart = new long[parts * PAD];
        RandomStreams streams = new RandomStreams(net.seed());
        pops = new Pop[net.populations().size()];
        int k = 0;
        for (PopulationSpec p : net.populations().values()) {
            popIndex.put(p.name(), k);
            pops[k++] = new Pop(p, streams, parts, dt);
        }
        srcs = new Src[net.sources().size()];
        k = 0;
        for (SourceSpec s : net.sources().values()) {
            srcIndex.put(s.name(), k);
            srcs[k++] = new Src(s, dt, net.seed());
        }
        projs = new Proj[net.projections().size()];
        k = 0;
        Map<String, double[]> ringsByTarget = new HashMap<>();
        Map<String, Integer> slotsByTarget = new HashMap<>();
        for (ProjectionSpec pr : net.projections().values()) {
            String key = pr.post() + "." + pr.target();
            slotsByTarget.merge(key, net.graph(pr.name()).maxDelay(), Math::max);
        }
        for (ProjectionSpec pr : net.projections().values()) {
            Pop post = pops[popIndex.get(pr.post())];
            String key = pr.post() + "." + pr.target();
            int slots = slotsByTarget.get(key);
            double[] ring = slots < 2 ? null : ringsByTarget.computeIfAbsent(key, x -> new double[slots * post.size]);
            if (ring != null) {
                post.addRing(post.spec.model().variableIndex(pr.target()), ring, slots);
            }
            projs[k++] = new Proj(pr, net.graph(pr.name()), post, ring, slots,
                    post.state.vars[post.spec.model().variableIndex(pr.target())], this);
        }
        curs = new Cur[net.currents().size()];
        k = 0;
        for (CurrentInputSpec c : net.currents()) {
            curs[k++] = new Cur(c, pops[popIndex.get(c.population())]);
            pops[popIndex.get(c.population())].inputDriven = true;
        }
        coups = new Coup[net.couplings().size()];
        k = 0;
        for (org.spinel.networks.CouplingSpec c : net.couplings()) {
            Pop p = pops[popIndex.get(c.population())];
            coups[k++] = new Coup(c, p);
            p.inputDriven = true;
        }
        List<StateMon> sm = new ArrayList<>();
        List<SpikeMon> spm = new ArrayList<>();
        List<RateMon> rm = new ArrayList<>();
        for (MonitorSpec m : net.monitors()) {
            if (m instanceof MonitorSpec.State s) {
                sm.add(new StateMon(s, pops[popIndex.get(s.population())], dt));
            } else if (m instanceof MonitorSpec.Spikes s) {
                spm.add(new SpikeMon(s.population(), net.sizeOf(s.population()), emitter(s.population())));
            } else if (m instanceof MonitorSpec.Rate r) {
                int bin = (int) Math.max(1, Math.round(r.binMs() / dt));
                rm.add(new RateMon(r.population(), net.sizeOf(r.population()), bin, emitter(r.population())));
            }
        }
        stateMons = sm.toArray(new StateMon[0]);
        spikeMons = spm.toArray(new SpikeMon[0]);
        rateMons = rm.toArray(new RateMon[0]);
        for (Proj p : projs) {
            p.bindModulators(this);
        }
        for (Pop p : pops) {
            p.state.inputActive = p.inputDriven;
        }
    }

    private Emitter emitter(String name) {
        Integer i = popIndex.get(name);
        if (i != null) {
            return pops[i];
        }
        Integer s = srcIndex.get(name);
        if (s != null) {
            return srcs[s];
        }
        List<String> all = new ArrayList<>(net.populations().keySet());
        all.addAll(net.sources().keySet());
        throw new ParameterException("population \"" + name + "\" does not exist: expected one of the populations or "
                + "sources " + all);
    }

    // ------------------------------------------------------------------ running

    @Override
    public void runSteps(long steps) {
        if (steps < 0) {
            throw new ParameterException("steps = " + steps + ": expected >= 0");
        }
        if (steps == 0) {
            return;
        }
        long n0 = step, n1 = step + steps;
        for (Coup c : coups) {
            c.snapshot((int) (n0 & 1));
        }
        for (StateMon m : stateMons) {
            m.reserve(n0, n1);
        }
        if (parts == 1) {
            for (long n = n0; n < n1; n++) {
                phaseA(0, n);
                phaseB(0, n);
            }
        } else {
            // Interval g runs phase B of step n0 + g - 1 and then phase A of step n0 + g, part by part: the same
            // per-part order as a thread that owns its part, and every part of an interval before the next one.
            PartScheduler scheduler = new PartScheduler(parts, n1 - n0, parts, (part, g) -> {
                if (g > 0) {
                    phaseB(part, n0 + g - 1);
                }
                if (n0 + g < n1) {
                    phaseA(part, n0 + g);
                }
            });
            Thread[] workers = new Thread[parts - 1];
            for (int p = 1; p < parts; p++) {
                final int member = p;
                workers[p - 1] = new Thread(() -> scheduler.work(member), "spinel-worker-" + p);
                workers[p - 1].setDaemon(true);
                workers[p - 1].start();
            }
            scheduler.work(0);
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SimulationException("interrupted", e);
                }
            }
            Throwable f = scheduler.failure();
            if (f != null) {
                step = n1;
                throw f instanceof RuntimeException re ? re : new SimulationException(f.toString(), f);
            }
        }
        step = n1;
    }

    private void phaseA(int part, long n) {
        int par = (int) (n & 1);
        if (part == 0) {
            for (Src s : srcs) {
                s.generate(n, par);
            }
        }
        for (Pop p : pops) {
            int lo = p.bounds[part], hi = p.bounds[part + 1];
            p.arrive(n, lo, hi);
            if (p.inputDriven) {
                Arrays.fill(p.state.input, lo, hi, 0.0);
            }
        }
        for (StateMon m : stateMons) {
            m.record(n, part);
        }
        double t = n * dt;
        for (Cur c : curs) {
            c.apply(t, part);
        }
        for (Coup c : coups) {
            c.apply(par, part);
        }
        for (Pop p : pops) {
            int lo = p.bounds[part], hi = p.bounds[part + 1];
            try {
                p.count[par][part * PAD] = p.kernel.update(p.state, lo, hi, p.spikes[par][part], 0);
            } catch (NonFiniteStateException e) {
                throw new SimulationException("numerical blow-up in population \"" + p.spec.name() + "\", neuron "
                        + e.neuron() + ": " + e.variable() + " = " + e.value() + " at t = " + (n + 1) * dt + " ms (step " + n
                        + ")", e);
            }
        }
        for (Coup c : coups) {
            c.store(1 - par, part);
        }
    }

    private void phaseB(int part, long n) {
        int par = (int) (n & 1);
        long events = 0;
        for (Proj pr : projs) {
            events += pr.deliver(part, n, par);
        }
        eventsPerPart[part * PAD] += events;
        if (part == 0) {
            for (Pop p : pops) {
                for (int q = 0; q < parts; q++) {
                    spikeCount += p.count[par][q * PAD];
                }
            }
            for (SpikeMon m : spikeMons) {
                m.record(n, par);
            }
            for (RateMon m : rateMons) {
                m.record(n, par);
            }
            if (!modulators.isEmpty()) {
                stepSpikes.par = par;
                for (ModulatorInstance mi : modulators) {
                    mi.step(n, stepSpikes);
                }
                for (Proj pr : projs) {
                    pr.refreshGains(1 - par);
                }
            }
        }
    }

    // ------------------------------------------------------------------ API

    @Override
    public Network network() {
        return net;
    }

    @Override
    public String backend() {
        return "java";
    }

    @Override
    public int threads() {
        return parts;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public void reset() {
        step = 0;
        spikeCount = 0;
        Arrays.fill(eventsPerPart, 0);
        for (Pop p : pops) {
            p.reset();
        }
        for (Src s : srcs) {
            s.reset();
        }
        for (Proj p : projs) {
            p.resetTraces();
        }
        for (ModulatorInstance m : modulators) {
            m.reset();
        }
        for (Proj p : projs) {
            p.refreshGains(0);
            p.refreshGains(1);
        }
        for (StateMon m : stateMons) {
            m.clear();
        }
        for (SpikeMon m : spikeMons) {
            m.clear();
        }
        for (RateMon m : rateMons) {
            m.clear();
        }
    }

    @Override
    public void resetWeights() {
        for (Proj p : projs) {
            System.arraycopy(p.initialWeights, 0, p.w, 0, p.w.length);
            if (p.projector != null) {
                p.projector.reset();
            }
        }
    }

    @Override
    public void endTask() {
        for (Proj p : projs) {
            if (p.projector != null) {
                p.projector.endTask();
            }
        }
    }

    @Override
    public Map<String, double[]> projectorState(String projection) {
        return withProjector(projection).projector.exportState();
    }

    @Override
    public void setProjectorState(String projection, Map<String, double[]> state) {
        Proj p = withProjector(projection);
        try {
            p.projector.importState(state);
        } catch (IllegalArgumentException e) {
            throw new ParameterException("projection \"" + projection + "\" projector " + p.projectorSpec.describe()
                    + ": " + e.getMessage());
        }
    }

    private Proj withProjector(String projection) {
        Proj p = proj(projection);
        if (p.projector == null) {
            throw new ParameterException("projection \"" + projection + "\" has no projector: expected one of the "
                    + "projections whose plasticity pipeline has a projector");
        }
        return p;
    }

    @Override
    public Recording recording() {
        Map<String, SpikeTrains> sp = new LinkedHashMap<>();
        for (SpikeMon m : spikeMons) {
            sp.put(m.name, new SpikeTrains(m.name, m.size, dt, Arrays.copyOf(m.steps, m.n), Arrays.copyOf(m.senders, m.n)));
        }
        Map<String, StateTrace> tr = new LinkedHashMap<>();
        for (StateMon m : stateMons) {
            tr.put(m.pop.spec.name() + "." + m.spec.variable(), m.snapshot());
        }
        Map<String, PopulationRate> rt = new LinkedHashMap<>();
        for (RateMon m : rateMons) {
            rt.put(m.name, new PopulationRate(m.name, m.size, dt, 0, m.bin, Arrays.copyOf(m.counts, m.nBins(step))));
        }
        return new Recording(sp, tr, rt);
    }

    private Pop pop(String name) {
        Integer i = popIndex.get(name);
        if (i == null) {
            throw SimulationInputs.unknown("population", name, popIndex.keySet());
        }
        return pops[i];
    }

    private Proj proj(String name) {
        for (Proj p : projs) {
            if (p.spec.name().equals(name)) {
                return p;
            }
        }
        throw SimulationInputs.unknown("projection", name, net.projections().keySet());
    }

    @Override
    public double[] state(String population, String variable) {
        Pop p = pop(population);
        return p.state.var(variable).clone();
    }

    @Override
    public void setState(String population, String variable, double[] values) {
        Pop p = pop(population);
        double[] v = p.state.var(variable);
        SimulationInputs.checkState(population, variable, values, v.length);
        System.arraycopy(values, 0, v, 0, v.length);
    }

    @Override
    public float[] weights(String projection) {
        return proj(projection).w.clone();
    }

    @Override
    public void setWeights(String projection, float[] weights) {
        Proj p = proj(projection);
        SimulationInputs.checkWeights(projection, weights, p.w.length);
        System.arraycopy(weights, 0, p.w, 0, weights.length);
    }

    @Override
    public void applyPlasticity() {
        for (Proj p : projs) {
            p.applyAccumulated();
        }
    }

    @Override
    public void feed(String source, SpikeFeed feed) {
        Integer s = srcIndex.get(source);
        if (s == null) {
            throw SimulationInputs.unknown("source", source, srcIndex.keySet());
        }
        srcs[s].gen.feed(feed);
    }

    @Override
    public long spikeCount() {
        return spikeCount;
    }

    @Override
    public long synapticEvents() {
        long s = 0;
        for (long e : eventsPerPart) {
            s += e;
        }
        return s;
    }

    @Override
    public void close() {
        // no native resources
    }

    // ------------------------------------------------------------------ parts

    /** The reusable view of one step's spikes that modulators read (parity set before each use). */
    final class Spikes implements org.spinel.networks.plasticity.StepSpikes {
        int par;

        @Override
        public int count(String name) {
            return emitter(name).spikesAt(par);
        }

        @Override
        public int count(String name, boolean[] selected) {
            Emitter e = emitter(name);
            int c = 0;
            for (int q = 0; q < e.lists(); q++) {
                int[] l = e.list(par, q);
                for (int k = 0, m = e.listCount(par, q); k < m; k++) {
                    if (selected[l[k]]) {
                        c++;
                    }
                }
            }
            return c;
        }
    }

    /** Something that emits spikes: a population (one list per partition) or a source (one list). */
    interface Emitter {
        /** Number of spike lists per step. */
        int lists();

        int[] list(int par, int q);

        int listCount(int par, int q);

        /** Total spikes of the step of parity par. */
        default int spikesAt(int par) {
            int c = 0;
            for (int q = 0; q < lists(); q++) {
                c += listCount(par, q);
            }
            return c;
        }
    }

    static final class Pop implements Emitter {
        final PopulationSpec spec;
        final int size;
        final NeuronState state;
        final NeuronKernel kernel;
        final int[] bounds;
        final int[][][] spikes;
        final int[][] count;
        final double[][] initial;
        final List<double[]> rings = new ArrayList<>();
        final List<Integer> ringVar = new ArrayList<>();
        final List<Integer> ringSlots = new ArrayList<>();
        /** Whether anything writes the per-step input (else it stays zero and is not cleared). */
        boolean inputDriven;
        double[][] ringArr = new double[0][];
        int[] ringVarArr = new int[0];
        int[] ringSlotsArr = new int[0];

        Pop(PopulationSpec spec, RandomStreams streams, int parts, double dt) {
            this.spec = spec;
            this.size = spec.size();
            this.state = InitialState.of(spec, streams);
            this.kernel = spec.model().kernel(dt);
            bounds = new int[parts + 1];
            for (int p = 0; p <= parts; p++) {
                bounds[p] = (int) ((long) size * p / parts);
            }
            spikes = new int[2][parts][];
            count = new int[2][parts * PAD];
            for (int par = 0; par < 2; par++) {
                for (int p = 0; p < parts; p++) {
                    spikes[par][p] = new int[Math.max(1, bounds[p + 1] - bounds[p])];
                }
            }
            List<String> vars = spec.model().stateVariables();
            initial = new double[vars.size()][];
            for (int v = 0; v < vars.size(); v++) {
                initial[v] = state.vars[v].clone();
            }
        }

        void addRing(int var, double[] ring, int slots) {
            for (double[] r : rings) {
                if (r == ring) {
                    return;
                }
            }
            rings.add(ring);
            ringVar.add(var);
            ringSlots.add(slots);
            ringArr = rings.toArray(new double[0][]);
            ringVarArr = ringVar.stream().mapToInt(Integer::intValue).toArray();
            ringSlotsArr = ringSlots.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Adds the ring slot of step n to the target variables of neurons [lo, hi) and clears it. */
        void arrive(long n, int lo, int hi) {
            for (int r = 0; r < ringArr.length; r++) {
                double[] ring = ringArr[r];
                double[] var = state.vars[ringVarArr[r]];
                int off = (int) (n % ringSlotsArr[r]) * size;
                for (int i = lo; i < hi; i++) {
                    var[i] += ring[off + i];
                    ring[off + i] = 0;
                }
            }
        }

        void reset() {
            for (int v = 0; v < initial.length; v++) {
                System.arraycopy(initial[v], 0, state.vars[v], 0, size);
            }
            Arrays.fill(state.refractory, 0);
            state.refractoryChanged();
            Arrays.fill(state.input, 0);
            for (double[] r : ringArr) {
                Arrays.fill(r, 0);
            }
            for (int[] c : count) {
                Arrays.fill(c, 0);
            }
        }

        @Override
        public int lists() {
            return count[0].length / PAD;
        }

        @Override
        public int[] list(int par, int q) {
            return spikes[par][q];
        }

        @Override
        public int listCount(int par, int q) {
            return count[par][q * PAD];
        }
    }

    static final class Src implements Emitter {
        final SourceSpec spec;
        final int size;
        final int[][] spikes = new int[2][];
        final int[] count = new int[2];
        final SourceGenerator gen;

        Src(SourceSpec spec, double dt, long seed) {
            this.spec = spec;
            this.size = spec.size();
            spikes[0] = new int[size];
            spikes[1] = new int[size];
            gen = new SourceGenerator(spec, dt, seed);
        }

        void reset() {
            count[0] = 0;
            count[1] = 0;
            gen.reset();
        }

        void generate(long n, int par) {
            count[par] = gen.generate(n, spikes[par]);
        }

        @Override
        public int lists() {
            return 1;
        }

        @Override
        public int[] list(int par, int q) {
            return spikes[par];
        }

        @Override
        public int listCount(int par, int q) {
            return count[par];
        }
    }

    static final class Proj {
        final ProjectionSpec spec;
        final SynapseGraph g;
        final Pop post;
        final Emitter pre;
        /** Slots for arrivals 2..maxDelay steps ahead (null if every delay is one step). */
        final double[] ring;
        /** The target variable itself: one-step arrivals are added here directly (nothing reads it before then). */
        final double[] direct;
        final int slots, size;
        final int[] rowStart, target;
        final short[] delay;
        final int uniformDelay;
        final float[] w, initialWeights;
        /** cut[j·(P+1) + p]: first synapse of row j whose target belongs to partition ≥ p. */
        final int[] cut;
        final int parts;
        final RuleInstance rule;
        final PlasticityPipeline pipe;
        final Updater[] updaters;
        final double[] accumulated;
        /** The pipeline's projector (description), or null. */
        final Projector projectorSpec;
        /** The running state of the pipeline's projector, or null. */
        final ProjectorState projector;
        /**
         * Spikes of each presynaptic neuron since the last {@code applyPlasticity()} or reset, when the projector
         * observes {@link Projector.Activity#PRESYNAPTIC_RATE} (else null). Counted by partition 0 only, which sees
         * every presynaptic spike, so the counts do not depend on the thread count.
         */
        final double[] preCounts;
        final List<ModulatorInstance> mods = new ArrayList<>();
        /** Gains by parity: [par][0] potentiation, [par][1] depression. */
        final double[][] gains = {{1, 1}, {1, 1}};

        Proj(ProjectionSpec spec, SynapseGraph g, Pop post, double[] ring, int slots, double[] direct,
                JavaSimulation sim) {
            this.spec = spec;
            this.direct = direct;
            this.g = g;
            this.post = post;
            this.pre = sim.emitter(spec.pre());
            this.ring = ring;
            this.slots = slots;
            this.size = post.size;
            this.rowStart = g.rowStart();
            this.target = g.targets();
            this.delay = g.delays();
            this.uniformDelay = g.uniformDelay();
            this.w = g.weights();
            this.initialWeights = g.weights();
            this.parts = sim.parts;
            int nPre = g.nPre();
            cut = new int[nPre * (parts + 1)];
            for (int j = 0; j < nPre; j++) {
                int s0 = rowStart[j], s1 = rowStart[j + 1];
                for (int p = 0; p <= parts; p++) {
                    int b = post.bounds[p];
                    int lo = s0, hi = s1; // first s in [s0,s1) with target[s] >= b
                    while (lo < hi) {
                        int mid = (lo + hi) >>> 1;
                        if (target[mid] < b) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    cut[j * (parts + 1) + p] = lo;
                }
            }
            this.pipe = spec.plasticity();
            if (pipe != null) {
                rule = pipe.rule().bind(g, parts, sim.dt);
                updaters = new Updater[parts];
                accumulated = pipe.application() == PlasticityPipeline.Application.PER_TRIAL ? new double[w.length] : null;
                for (int p = 0; p < parts; p++) {
                    updaters[p] = new Updater(this);
                }
                projectorSpec = pipe.projector();
                projector = projectorSpec == null ? null : bindProjector(spec.name(), projectorSpec, g);
                preCounts = projectorSpec != null && projectorSpec.activity() == Projector.Activity.PRESYNAPTIC_RATE
                        ? new double[g.nPre()] : null;
            } else {
                rule = null;
                updaters = null;
                accumulated = null;
                projectorSpec = null;
                projector = null;
                preCounts = null;
            }
        }

        /**
         * Binds a projector to this projection: dense graphs as {@code [pre][post]}, sparse ones only if it allows.
         *
         * @throws ParameterException naming the projection and the projector if it cannot be bound
         */
        static ProjectorState bindProjector(String projection, Projector p, SynapseGraph g) {
            if (p.updateInterval() != 1) {
                throw new ParameterException("projection \"" + projection + "\": projector " + p.describe()
                        + " projects every " + p.updateInterval() + " optimiser steps; the engine projects every trial "
                        + "(leave projectEvery at 1)");
            }
            boolean dense = Projector.isDense(g);
            if (!dense && !p.supportsSparse()) {
                throw new ParameterException("projection \"" + projection + "\": projector " + p.describe()
                        + " needs a dense (all-to-all) projection; this one has " + g.size() + " of "
                        + (long) g.nPre() * g.nPost() + " possible synapses and the projector does not define how it "
                        + "restricts to existing synapses");
            }
            try {
                return p.bind(g.nPre(), g.nPost(), dense ? null : g);
            } catch (ParameterException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ParameterException("projection \"" + projection + "\": " + e.getMessage());
            }
        }

        void bindModulators(JavaSimulation sim) {
            if (pipe == null) {
                return;
            }
            for (var m : pipe.modulators()) {
                ModulatorInstance mi = sim.boundModulators.get(m);
                if (mi == null) {
                    try {
                        mi = m.bind(sim.net, sim.dt);
                    } catch (ParameterException e) {
                        throw new ParameterException("projection \"" + spec.name() + "\".plasticity modulator "
                                + m.describe() + ": " + e.getMessage());
                    }
                    sim.boundModulators.put(m, mi);
                    sim.modulators.add(mi);
                }
                mods.add(mi);
            }
            refreshGains(0);
            refreshGains(1);
        }

        void refreshGains(int par) {
            double gp = 1, gd = 1;
            for (ModulatorInstance m : mods) {
                gp *= m.potentiationGain();
                gd *= m.depressionGain();
            }
            gains[par][0] = gp;
            gains[par][1] = gd;
        }

        long deliver(int part, long n, int par) {
            final int stride = parts + 1;
            final int[] cut = this.cut, target = this.target;
            final float[] w = this.w;
            final double[] ring = this.ring;
            long events = 0;
            if (updaters != null) {
                updaters[part].par = par;
            }
            final double[] counts = part == 0 ? preCounts : null;
            for (int q = 0; q < pre.lists(); q++) {
                int[] list = pre.list(par, q);
                int cnt = pre.listCount(par, q);
                for (int k = 0; k < cnt; k++) {
                    int j = list[k];
                    if (counts != null) {
                        counts[j]++;
                    }
                    int s0 = cut[j * stride + part], s1 = cut[j * stride + part + 1];
                    events += s1 - s0;
                    if (delay == null) {
                        if (uniformDelay == 1) {
                            for (int s = s0; s < s1; s++) {
                                direct[target[s]] += w[s];
                            }
                        } else {
                            int off = (int) ((n + uniformDelay) % slots) * size;
                            for (int s = s0; s < s1; s++) {
                                ring[off + target[s]] += w[s];
                            }
                        }
                    } else {
                        for (int s = s0; s < s1; s++) {
                            int d = delay[s];
                            if (d == 1) {
                                direct[target[s]] += w[s];
                            } else {
                                ring[(int) ((n + d) % slots) * size + target[s]] += w[s];
                            }
                        }
                    }
                    if (rule != null) {
                        rule.onPreSpike(j, n, s0, s1, part, updaters[part]);
                    }
                }
            }
            if (rule != null) {
                int[] own = post.spikes[par][part];
                int cnt = post.count[par][part * PAD];
                for (int k = 0; k < cnt; k++) {
                    rule.onPostSpike(own[k], n, part, updaters[part]);
                }
            }
            return events;
        }

        void resetTraces() {
            if (rule != null) {
                rule.reset();
            }
            if (accumulated != null) {
                Arrays.fill(accumulated, 0);
            }
            if (preCounts != null) {
                Arrays.fill(preCounts, 0);
            }
        }

        /** The contract of {@link Projector}: project (state before this trial), bounds, then observe the trial. */
        void applyAccumulated() {
            if (accumulated == null) {
                return;
            }
            if (projector != null) {
                projector.project(accumulated);
            }
            for (int s = 0; s < w.length; s++) {
                w[s] = (float) pipe.bounds().clip(s, w[s] + accumulated[s]);
            }
            Arrays.fill(accumulated, 0);
            if (preCounts != null) {
                projector.observe(preCounts);
                Arrays.fill(preCounts, 0);
            }
        }
    }

    /** Applies modulators and bounds (online) or accumulates (per trial). One per partition. */
    static final class Updater implements WeightUpdater {
        final Proj pr;
        int par;

        Updater(Proj pr) {
            this.pr = pr;
        }

        @Override
        public double weight(int synapse) {
            return pr.w[synapse];
        }

        @Override
        public void update(int synapse, double potentiation, double depression) {
            double[] g = pr.gains[par];
            double dw = g[0] * potentiation + g[1] * depression;
            if (pr.accumulated != null) {
                pr.accumulated[synapse] += dw;
            } else {
                pr.w[synapse] = (float) pr.pipe.bounds().clip(synapse, pr.w[synapse] + dw);
            }
        }
    }

    static final class Cur {
        final CurrentInputSpec spec;
        final Pop pop;
        final int[] neurons;

        Cur(CurrentInputSpec spec, Pop pop) {
            this.spec = spec;
            this.pop = pop;
            this.neurons = spec.neurons();
        }

        void apply(double t, int part) {
            double v = spec.profile().at(t);
            if (v == 0) {
                return;
            }
            double[] in = pop.state.input;
            int lo = pop.bounds[part], hi = pop.bounds[part + 1];
            if (neurons == null) {
                for (int i = lo; i < hi; i++) {
                    in[i] += v;
                }
            } else {
                for (int i : neurons) {
                    if (i >= lo && i < hi) {
                        in[i] += v;
                    }
                }
            }
        }
    }

    /**
     * Diffusive coupling: terms computed from a snapshot of the coupled variable at the start of the step (parity
     * buffered: each partition writes its range of the next snapshot right after its update, and every partition
     * reads the whole snapshot only after the step's barrier).
     */
    static final class Coup {
        final Pop pop;
        final int var;
        final org.spinel.networks.coupling.CouplingGraph g;
        final double[][] snap;
        /** Stencil scratch per partition (null without a stencil). */
        final double[][] scratch;

        Coup(org.spinel.networks.CouplingSpec spec, Pop pop) {
            this.pop = pop;
            this.var = pop.spec.model().variableIndex(spec.variable());
            this.g = spec.graph();
            this.snap = new double[2][pop.size];
            this.scratch = new double[pop.bounds.length - 1][g.ringStencil() != null
                    ? org.spinel.networks.coupling.RingStencil.BLOCK : 0];
        }

        void snapshot(int par) {
            System.arraycopy(pop.state.vars[var], 0, snap[par], 0, pop.size);
        }

        void apply(int par, int part) {
            g.addTerms(snap[par], pop.state.input, pop.bounds[part], pop.bounds[part + 1], scratch[part]);
        }

        void store(int par, int part) {
            int lo = pop.bounds[part];
            System.arraycopy(pop.state.vars[var], lo, snap[par], lo, pop.bounds[part + 1] - lo);
        }
    }

    static final class StateMon {
        final MonitorSpec.State spec;
        final Pop pop;
        final int[] neurons;
        final int var;
        double[][] rows = new double[0][];
        int n;
        long firstStep = -1;
        final double dt;

        StateMon(MonitorSpec.State spec, Pop pop, double dt) {
            this.spec = spec;
            this.dt = dt;
            this.pop = pop;
            if (spec.neurons() == null) {
                neurons = new int[pop.size];
                for (int i = 0; i < neurons.length; i++) {
                    neurons[i] = i;
                }
            } else {
                neurons = spec.neurons().clone();
            }
            var = pop.spec.model().variableIndex(spec.variable());
        }

        void reserve(long n0, long n1) {
            long first = ((n0 + spec.stride() - 1) / spec.stride()) * spec.stride();
            int add = first >= n1 ? 0 : (int) ((n1 - 1 - first) / spec.stride() + 1);
            if (firstStep < 0 && add > 0) {
                firstStep = first;
            }
            int need = n + add;
            if (need > rows.length) {
                rows = Arrays.copyOf(rows, Math.max(need, rows.length * 2));
            }
            for (int r = n; r < need; r++) {
                if (rows[r] == null) {
                    rows[r] = new double[neurons.length];
                }
            }
        }

        void record(long step, int part) {
            if (step % spec.stride() != 0) {
                return;
            }
            int row = (int) ((step - firstStep) / spec.stride());
            double[] dst = rows[row];
            double[] src = pop.state.vars[var];
            int lo = pop.bounds[part], hi = pop.bounds[part + 1];
            for (int c = 0; c < neurons.length; c++) {
                int i = neurons[c];
                if (i >= lo && i < hi) {
                    dst[c] = src[i];
                }
            }
            if (part == 0) {
                n = Math.max(n, row + 1);
            }
        }

        StateTrace snapshot() {
            double[][] v = new double[n][];
            for (int r = 0; r < n; r++) {
                v[r] = rows[r].clone();
            }
            return new StateTrace(pop.spec.name(), spec.variable(),
                    pop.spec.model().stateUnits().get(var), neurons, dt, Math.max(firstStep, 0), spec.stride(), v);
        }

        void clear() {
            n = 0;
            firstStep = -1;
        }
    }

    static final class SpikeMon {
        final String name;
        final int size;
        final Emitter em;
        long[] steps = new long[1024];
        int[] senders = new int[1024];
        int n;

        SpikeMon(String name, int size, Emitter em) {
            this.name = name;
            this.size = size;
            this.em = em;
        }

        void record(long step, int par) {
            for (int q = 0; q < em.lists(); q++) {
                int[] l = em.list(par, q);
                int c = em.listCount(par, q);
                if (n + c > steps.length) {
                    int cap = Math.max(n + c, steps.length * 2);
                    steps = Arrays.copyOf(steps, cap);
                    senders = Arrays.copyOf(senders, cap);
                }
                for (int k = 0; k < c; k++) {
                    steps[n] = step;
                    senders[n++] = l[k];
                }
            }
        }

        void clear() {
            n = 0;
        }
    }

    static final class RateMon {
        final String name;
        final int size, bin;
        final Emitter em;
        long[] counts = new long[64];

        RateMon(String name, int size, int bin, Emitter em) {
            this.name = name;
            this.size = size;
            this.bin = bin;
            this.em = em;
        }

        void record(long step, int par) {
            int b = (int) (step / bin);
            if (b >= counts.length) {
                counts = Arrays.copyOf(counts, Math.max(b + 1, counts.length * 2));
            }
            counts[b] += em.spikesAt(par);
        }

        int nBins(long steps) {
            return (int) (steps / bin);
        }

        void clear() {
            Arrays.fill(counts, 0);
        }
    }
}
