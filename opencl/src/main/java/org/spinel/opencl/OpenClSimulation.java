package org.spinel.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.spinel.networks.MonitorSpec;
import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.ProjectionSpec;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.CouplingSpec;
import org.spinel.networks.CurrentInputSpec;
import org.spinel.networks.SourceSpec;
import org.spinel.networks.coupling.CouplingGraph;
import org.spinel.networks.coupling.RingStencil;
import org.spinel.networks.engine.InitialState;
import org.spinel.networks.engine.SimulationInputs;
import org.spinel.networks.engine.SourceGenerator;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.StdpRule;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationException;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.neurons.LifConductanceNeuron;
import org.spinel.neurons.NalsmLifNeuron;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.NeuronState;
import org.spinel.neurons.ParameterException;
import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

/**
 * A network on an OpenCL device (see the module README for the design): state arrays live on the device; each step
 * enqueues one update kernel per population and one delivery kernel per projection on an in-order queue, without
 * waiting; spikes are recorded into device buffers read back every {@code chunk} steps. Synaptic inputs are summed
 * as 64-bit fixed-point integers (2^-32 units) with atomics, so sums are exact and independent of scheduling.
 */
final class OpenClSimulation implements Simulation {
    private static final double FIX = 4294967296.0;
    private static final int REC_CAPACITY = 1 << 22;
    /** Work items that stride over a step's spike list (delivery, STDP). */
    private static final int SPIKE_ITEMS = 256;
    /** Neurons per work item of the vectorised LIF CUBA step (LIF_CHUNK in spinel.cl). */
    private static final int LIF_CHUNK = 128;
    /** Ring nodes per work item of the fused ring-star kernel (RING_CHUNK in spinel.cl). */
    private static final int RING_CHUNK = 128;
    private final Network net;
    private final double dt;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final Cur[] curs;
    private final Coup[] coups;
    private final Pop[] pops;
    private final Src[] srcs;
    private final StateMon[] stateMons;
    private final Map<String, Node> nodeByName = new LinkedHashMap<>();
    private final Proj[] projs;
    /** Whether the network runs as one {@link FusedLif} launch per step (decided before the populations are made). */
    private final boolean fusedLif;
    /** The one-launch-per-step form of an all-LIF-CUBA static network, or null. */
    private final FusedLif fused;
    private final Map<String, Pop> popByName = new LinkedHashMap<>();
    private final List<cl_mem> mems = new ArrayList<>();
    /**
     * Distinct modulators (by equals, as on the Java backend), advanced on the host after each step from that step's
     * spikes, read back from the device: a synchronisation per step, only for networks with modulated plasticity.
     */
    private final List<org.spinel.networks.plasticity.ModulatorInstance> modulators = new ArrayList<>();
    private final HostSpikes hostSpikes = new HostSpikes();
    private final int chunk;
    /** Work-group size of the chunked kernels (ring-star, LIF CUBA): small on CPUs (many groups for the runtime's threads). */
    private final int ringGroup;
    /** The fixed-point range of the synaptic sums, checked before anything is allocated; weights written are checked. */
    private final FixedPointRange range;
    private long step;
    /** First step of the current chunk (sources are generated per chunk). */
    private long chunkStartStep;
    private boolean closed;

    /** Anything whose spikes projections deliver: a population or a source. */
    private abstract class Node {
        final String name;
        final int n;
        final boolean record;
        final cl_mem spikes, spikeCount;
        long[] stepsRec = new long[1024];
        int[] sendersRec = new int[1024];
        int nRec;
        /** This step's spikes as the modulators last read them ({@link HostSpikes}). */
        long hostStep = -1;
        int hostCount;
        int[] hostList;
        boolean hostListed;

        Node(String name, int n, boolean record) {
            this.name = name;
            this.n = n;
            this.record = record;
            spikes = zeros((long) n * Sizeof.cl_int);
            spikeCount = zeros(Sizeof.cl_int);
        }

        void recordSpikes(long[] steps, int[] senders, int count) {
            if (nRec + count > stepsRec.length) {
                int cap = Math.max(nRec + count, stepsRec.length * 2);
                stepsRec = Arrays.copyOf(stepsRec, cap);
                sendersRec = Arrays.copyOf(sendersRec, cap);
            }
            System.arraycopy(steps, 0, stepsRec, nRec, count);
            System.arraycopy(senders, 0, sendersRec, nRec, count);
            nRec += count;
        }
    }

    /** Device-side population of one of the implemented models (LIF CUBA, LIF COBA, discrete-time LIF, Chialvo). */
    private final class Pop extends Node {
        final PopulationSpec spec;
        final NeuronState initial;
        final cl_mem[] vars;
        final cl_mem ref, ringE, ringI, input, recNeuron, recStep, recCount, totals, error;
        /**
         * Where this population's state lives when the network runs as a {@link FusedLif}: the network's buffers
         * (v, ge, gi, ref) from neuron {@link #fusedOff}; null otherwise.
         */
        cl_mem[] fusedState;
        long fusedOff;
        final int slots;
        final double[] params;
        final int refSteps;
        final cl_kernel kernel;
        final boolean chialvo, discrete, nalsm;
        /** The fused ring-star step (Chialvo with one stencil coupling of x), or null. */
        private Ring ring;

        Pop(PopulationSpec spec, RandomStreams streams, int slots, boolean record) {
            super(spec.name(), spec.size(), record);
            this.spec = spec;
            this.chialvo = spec.model() instanceof ChialvoNeuron;
            this.discrete = spec.model() instanceof DiscreteLifNeuron;
            this.nalsm = spec.model() instanceof NalsmLifNeuron;
            this.slots = chialvo ? 1 : slots;
            initial = InitialState.of(spec, streams);
            vars = new cl_mem[initial.vars.length];
            for (int k = 0; k < vars.length; k++) {
                vars[k] = buffer(initial.vars[k].clone());
            }
            ref = buffer(new int[n]);
            boolean ownRing = !chialvo && !fusedLif; // a FusedLif network has one ring for all populations
            ringE = zeros(ownRing ? (long) this.slots * n * Sizeof.cl_long : 8);
            ringI = zeros(ownRing ? (long) this.slots * n * Sizeof.cl_long : 8);
            input = zeros((long) n * Sizeof.cl_double);
            recNeuron = zeros((long) REC_CAPACITY * Sizeof.cl_int);
            recStep = zeros((long) REC_CAPACITY * Sizeof.cl_long);
            recCount = zeros(Sizeof.cl_int);
            totals = zeros(Sizeof.cl_long);
            error = zeros(2L * Sizeof.cl_long);
            if (spec.model() instanceof LifCurrentNeuron m) {
                double pvv = Math.exp(-dt / m.tauM());
                params = new double[] {pvv, LifCurrentNeuron.synapticPropagator(dt, m.tauM(), m.tauE()),
                    LifCurrentNeuron.synapticPropagator(dt, m.tauM(), m.tauI()), Math.exp(-dt / m.tauE()),
                    Math.exp(-dt / m.tauI()), m.vRest() * (1 - pvv), m.vThreshold(), m.vReset(),
                    (1 - pvv) * m.tauM() / m.cm()};
                kernel = kernel("lif_cuba_step");
            } else if (spec.model() instanceof DiscreteLifNeuron m) {
                params = new double[] {m.alpha(dt), m.beta(dt), m.threshold()};
                kernel = kernel("lif_discrete_step");
            } else if (spec.model() instanceof NalsmLifNeuron m) {
                params = new double[] {dt, dt / m.tauV(), dt / m.tauU(), Math.exp(-dt / m.tauU()), m.vThreshold(),
                    m.vReset()};
                kernel = kernel("lif_nalsm_step");
            } else if (spec.model() instanceof LifConductanceNeuron m) {
                params = new double[] {Math.exp(-dt / m.tauE()), Math.exp(-dt / m.tauI()), -dt / (m.gL() * m.tauM()),
                    m.gL() * m.eL(), m.gL(), m.eE(), m.eI(), m.vThreshold(), m.vReset()};
                kernel = kernel("lif_coba_step");
            } else {
                ChialvoNeuron m = (ChialvoNeuron) spec.model();
                params = new double[] {m.a(), m.b(), m.c(), m.k0(), m.threshold()};
                kernel = kernel("chialvo_step");
            }
            refSteps = spec.model().refractoryCountdown(dt); // the counter a spike sets (NeuronModel's convention)
            bindConstantArgs();
        }

        private void bindConstantArgs() {
            cl_kernel k = kernel;
            if (chialvo) {
                arg(k, 0, vars[0]);
                arg(k, 1, vars[1]);
                arg(k, 2, input);
                arg(k, 3, this.n);
                for (int q = 0; q < 5; q++) {
                    arg(k, 4 + q, params[q]);
                }
                bindSpikeOutputs(k, 9);
                arg(k, 16, totals);
                arg(k, 17, error);
            } else if (nalsm) {
                bindLifState(k);
                for (int q = 0; q < 6; q++) {
                    arg(k, 8 + q, params[q]);
                }
                arg(k, 14, refSteps);
                bindSpikeOutputs(k, 15);
                arg(k, 22, totals);
                arg(k, 23, error);
                arg(k, 24, input);
                arg(k, 25, usesInput() ? 1 : 0);
            } else if (discrete) {
                DiscreteLifNeuron m = (DiscreteLifNeuron) spec.model();
                arg(k, 0, vars[DiscreteLifNeuron.U]);
                arg(k, 1, vars[DiscreteLifNeuron.I]);
                arg(k, 2, ringE);
                arg(k, 4, this.n);
                for (int q = 0; q < 3; q++) {
                    arg(k, 5 + q, params[q]);
                }
                arg(k, 8, m.spiking() ? 1 : 0);
                arg(k, 9, m.reset() == DiscreteLifNeuron.Reset.ZERO ? 1 : 0);
                arg(k, 10, m.spikeAtThreshold() ? 1 : 0);
                bindSpikeOutputs(k, 11);
                arg(k, 18, totals);
                arg(k, 19, error);
                arg(k, 20, input);
            } else {
                bindLifState(k);
                for (int q = 0; q < 9; q++) {
                    arg(k, 8 + q, params[q]);
                }
                arg(k, 17, refSteps);
                bindSpikeOutputs(k, 18);
                arg(k, 25, totals);
                arg(k, 26, error);
                arg(k, 27, input);
                if (spec.model() instanceof LifCurrentNeuron) {
                    arg(k, 28, usesInput() ? 1 : 0);
                }
            }
        }

        /** Binds spikes, spikeCount, recNeuron, recStep, recCount, record from argument {@code from} on. */
        void bindSpikeOutputs(cl_kernel k, int from) {
            arg(k, from, spikes);
            arg(k, from + 1, spikeCount);
            arg(k, from + 2, recNeuron);
            arg(k, from + 3, recStep);
            arg(k, from + 4, recCount);
            arg(k, from + 5, record ? 1 : 0);
        }

        /** Binds the LIF kernels' first arguments: three state variables, ref, ringE, ringI and (at 7) n. */
        private void bindLifState(cl_kernel k) {
            for (int q = 0; q < 3; q++) {
                arg(k, q, vars[q]);
            }
            arg(k, 3, ref);
            arg(k, 4, ringE);
            arg(k, 5, ringI);
            arg(k, 7, this.n);
        }

        cl_mem var(String name) {
            return vars[spec.model().variableIndex(name)];
        }

        /** Reads state variable q (an index into the model's variables) from the device. */
        double[] read(int q) {
            double[] a = new double[n];
            cl_mem m = fusedState != null ? fusedState[q] : vars[q];
            long at = fusedState != null ? fusedOff * Sizeof.cl_double : 0;
            CL.clEnqueueReadBuffer(queue, m, CL_TRUE, at, (long) n * Sizeof.cl_double, Pointer.to(a), 0, null, null);
            return a;
        }

        /** Writes state variable q. */
        void write(int q, double[] a) {
            cl_mem m = fusedState != null ? fusedState[q] : vars[q];
            long at = fusedState != null ? fusedOff * Sizeof.cl_double : 0;
            CL.clEnqueueWriteBuffer(queue, m, CL_TRUE, at, (long) n * Sizeof.cl_double, Pointer.to(a), 0, null, null);
        }

        /** Clears the refractory counters. */
        void clearRef() {
            if (fusedState != null) {
                CL.clEnqueueFillBuffer(queue, fusedState[3], Pointer.to(new byte[] {0}), 1, fusedOff * Sizeof.cl_int,
                        (long) n * Sizeof.cl_int, 0, null, null);
            } else {
                fill(ref, (long) n * Sizeof.cl_int);
            }
        }

        /** Whether current inputs or couplings write this population's input array. */
        boolean usesInput() {
            String pn = spec.name();
            return net.currents().stream().anyMatch(c -> c.population().equals(pn))
                    || net.couplings().stream().anyMatch(c -> c.population().equals(pn));
        }

        /** The ring of synaptic target t: the model's first target uses ringE, its second ringI. */
        cl_mem ringOf(String t) {
            return spec.model().synapticTargets().indexOf(t) == 1 ? ringI : ringE;
        }

        /** Enqueues this step's update (only the step-dependent arguments change). */
        void update(long n) {
            cl_kernel k = kernel;
            if (ring != null) {
                ring.update(n);
                return;
            }
            if (chialvo) {
                arg(k, 15, n);
            } else if (nalsm) {
                arg(k, 6, (int) (n % slots));
                arg(k, 21, n);
            } else if (discrete) {
                arg(k, 3, (int) (n % slots));
                arg(k, 17, n);
            } else {
                arg(k, 6, (int) (n % slots));
                arg(k, 24, n);
                if (spec.model() instanceof LifCurrentNeuron) {
                    launchChunked(k, (this.n + LIF_CHUNK - 1) / LIF_CHUNK);
                    return;
                }
            }
            launch(k, this.n);
        }
    }

    /**
     * A network of LIF CUBA populations with static projections, run as one launch per step ({@code
     * lif_cuba_net_step}): the neurons of all populations are concatenated (each population at an offset, padded to whole
     * vectors; state access reads and writes the network's buffers there: {@code Pop.fusedState});
     * work item p of {@link #parts} owns a slice of every population and every synapse that targets it, so that it
     * delivers the previous step's spikes into its own ring entries and then updates its own neurons, with no atomics
     * and no synchronisation inside a step. Delivery uses the same 64-bit fixed-point sums as the per-projection
     * kernels (exact, order-free), and the update the same lanes as {@code lif_cuba_step}: the results are identical
     * to the per-population, per-projection launches ({@code OpenClFusedLifTest}).
     */
    private final class FusedLif {
        final int parts, ntot, slots, uniformDelay;
        /** Offsets of the populations in the global index (length populations + 1). */
        final int[] off;
        final cl_mem v, ge, gi, ref, arrivals, spk, spkCount, recNeuron, recStep, recCount, itemSpikes, itemEvents, err;
        final cl_mem cut, tgt, w, delay;
        final long synapses;
        final cl_kernel kernel;
        /** Whether the spikes of the previous step are still to be delivered. */
        boolean pending;

        FusedLif(OpenClDevice.Info device) {
            parts = fusedParts(device);
            // a population's offset keeps its vectors whole (and 64-byte aligned)
            int pad = 8;
            int kp = pops.length;
            off = new int[kp + 1];
            int maxSlots = 1;
            for (int k = 0; k < kp; k++) {
                off[k + 1] = off[k] + (pops[k].n + pad - 1) / pad * pad;
                maxSlots = Math.max(maxSlots, pops[k].slots);
            }
            ntot = off[kp];
            slots = maxSlots;
            int[] own = new int[kp * (parts + 1)];
            int[] seg = new int[parts];
            double[] pp = new double[9 * kp];
            int[] pinfo = new int[2 * kp];
            for (int k = 0; k < kp; k++) {
                int n = pops[k].n;
                for (int p = 0; p <= parts; p++) {
                    own[k * (parts + 1) + p] = off[k] + sliceStart(n, p);
                }
                for (int p = 1; p < parts; p++) {
                    seg[p] += own[k * (parts + 1) + p] - off[k];
                }
                System.arraycopy(pops[k].params, 0, pp, 9 * k, 9);
                pinfo[2 * k] = pops[k].refSteps;
                pinfo[2 * k + 1] = pops[k].record ? 1 : 0;
            }
            double[][] init = new double[3][ntot];
            for (int k = 0; k < kp; k++) {
                for (int q = 0; q < 3; q++) {
                    System.arraycopy(pops[k].initial.vars[q], 0, init[q], off[k], pops[k].n);
                }
            }
            v = buffer(init[0]);
            ge = buffer(init[1]);
            gi = buffer(init[2]);
            ref = zeros((long) ntot * Sizeof.cl_int);
            for (int k = 0; k < kp; k++) {
                pops[k].fusedState = new cl_mem[] {v, ge, gi, ref};
                pops[k].fusedOff = off[k];
            }
            int uniform = -1;
            long total = 0;
            for (Proj pr : projs) {
                SynapseGraph g = net.graph(pr.spec.name());
                int u = g.delays() == null ? g.uniformDelay() : 0;
                uniform = uniform == -1 || uniform == u ? u : 0;
                total += pr.size;
            }
            uniformDelay = Math.max(0, uniform);
            synapses = total;
            int[] cutA = new int[ntot * (parts + 1)];
            int[] tgtA = new int[(int) Math.max(1, total)];
            float[] wA = new float[tgtA.length];
            short[] dA = uniformDelay > 0 ? new short[1] : new short[tgtA.length];
            layout(initialWeights(), cutA, tgtA, wA, uniformDelay > 0 ? null : dA);
            cut = buffer(cutA);
            tgt = buffer(tgtA);
            w = buffer(wA);
            delay = buffer(dA);
            arrivals = zeros((long) slots * 2 * ntot * Sizeof.cl_long);
            spk = zeros(2L * ntot * Sizeof.cl_int);
            spkCount = zeros(2L * parts * Sizeof.cl_int);
            boolean rec = Arrays.stream(pops).anyMatch(p -> p.record);
            recNeuron = zeros(rec ? (long) REC_CAPACITY * Sizeof.cl_int : 8);
            recStep = zeros(rec ? (long) REC_CAPACITY * Sizeof.cl_long : 8);
            recCount = zeros(Sizeof.cl_int);
            itemSpikes = zeros((long) parts * Sizeof.cl_long);
            itemEvents = zeros((long) parts * Sizeof.cl_long);
            err = zeros(2L * Sizeof.cl_long);
            kernel = kernel("lif_cuba_net_step");
            cl_mem[] lead = {v, ge, gi, ref, arrivals};
            for (int q = 0; q < lead.length; q++) {
                arg(kernel, q, lead[q]);
            }
            arg(kernel, 5, slots);
            arg(kernel, 6, ntot);
            arg(kernel, 7, buffer(pp));
            arg(kernel, 8, buffer(pinfo));
            arg(kernel, 9, kp);
            arg(kernel, 10, buffer(own));
            arg(kernel, 11, buffer(seg));
            arg(kernel, 12, parts);
            arg(kernel, 13, cut);
            arg(kernel, 14, tgt);
            arg(kernel, 15, w);
            arg(kernel, 16, delay);
            arg(kernel, 17, uniformDelay);
            arg(kernel, 18, spk);
            arg(kernel, 19, spkCount);
            arg(kernel, 23, recNeuron);
            arg(kernel, 24, recStep);
            arg(kernel, 25, recCount);
            arg(kernel, 26, itemSpikes);
            arg(kernel, 27, itemEvents);
            arg(kernel, 28, err);
        }

        /** First neuron of item p's slice of a population of n (whole vectors of 8; p = parts gives n). */
        int sliceStart(int n, int p) {
            return p == parts ? n : (int) ((long) n * p / parts) / 8 * 8;
        }

        private float[][] initialWeights() {
            float[][] ws = new float[projs.length][];
            for (int q = 0; q < projs.length; q++) {
                ws[q] = projs[q].initialWeights;
            }
            return ws;
        }

        /**
         * The combined synapse arrays: for each presynaptic neuron (global index), its synapses of every projection
         * grouped by the work item that owns the target (in projection order, then row order); the item's range in
         * {@code cutA}. With {@code cutA} null only the weights are written (the same order).
         */
        void layout(float[][] weights, int[] cutA, int[] tgtA, float[] wA, short[] dA) {
            int kp = pops.length;
            int[][] owner = new int[kp][];
            for (int k = 0; k < kp; k++) {
                owner[k] = new int[pops[k].n];
                for (int p = 0; p < parts; p++) {
                    Arrays.fill(owner[k], sliceStart(pops[k].n, p), pops[k].n, p);
                }
            }
            int[] popIndex = new int[projs.length], postIndex = new int[projs.length], sel = new int[projs.length];
            for (int q = 0; q < projs.length; q++) {
                popIndex[q] = Arrays.asList(pops).indexOf((Pop) projs[q].pre);
                postIndex[q] = Arrays.asList(pops).indexOf(projs[q].post);
                sel[q] = projs[q].post.spec.model().synapticTargets().indexOf(projs[q].spec.target()) == 1 ? 1 : 0;
            }
            int[] cnt = new int[parts + 1];
            int[] next = new int[parts];
            int pos = 0;
            for (int k = 0; k < kp; k++) {
                for (int j = 0; j < off[k + 1] - off[k]; j++) {
                    int g = off[k] + j;
                    Arrays.fill(cnt, 0);
                    if (j < pops[k].n) {
                        for (int q = 0; q < projs.length; q++) {
                            if (popIndex[q] != k) {
                                continue;
                            }
                            SynapseGraph sg = net.graph(projs[q].spec.name());
                            int[] rs = sg.rowStart(), t = sg.targets();
                            int[] ow = owner[postIndex[q]];
                            for (int s = rs[j]; s < rs[j + 1]; s++) {
                                cnt[ow[t[s]] + 1]++;
                            }
                        }
                    }
                    int acc = pos;
                    for (int p = 0; p < parts; p++) {
                        acc += cnt[p];
                        next[p] = acc;
                        if (cutA != null) {
                            cutA[g * (parts + 1) + p] = acc;
                        }
                    }
                    acc += cnt[parts];
                    if (cutA != null) {
                        cutA[g * (parts + 1) + parts] = acc;
                    }
                    if (j < pops[k].n) {
                        for (int q = 0; q < projs.length; q++) {
                            if (popIndex[q] != k) {
                                continue;
                            }
                            SynapseGraph sg = net.graph(projs[q].spec.name());
                            int[] rs = sg.rowStart(), t = sg.targets();
                            int[] ow = owner[postIndex[q]];
                            int base = 2 * off[postIndex[q]] + sel[q];
                            for (int s = rs[j]; s < rs[j + 1]; s++) {
                                int at = next[ow[t[s]]]++;
                                wA[at] = weights[q][s];
                                if (cutA != null) {
                                    tgtA[at] = base + 2 * t[s];
                                    if (dA != null) {
                                        dA[at] = (short) sg.delay(s);
                                    }
                                }
                            }
                        }
                    }
                    pos = acc;
                }
            }
        }

        /** Enqueues step n (delivering step n − 1's spikes first when they are pending). */
        void step(long n) {
            launch(pending, true, n);
            pending = true;
        }

        private void launch(boolean deliver, boolean update, long n) {
            arg(kernel, 20, deliver ? 1 : 0);
            arg(kernel, 21, update ? 1 : 0);
            arg(kernel, 22, n);
            CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {parts}, new long[] {1}, 0, null, null);
        }

        /** Delivers the spikes of step n − 1 now (the end of a run: they then sit in the ring, as per projection). */
        void flush(long n) {
            if (!pending) {
                return;
            }
            launch(true, false, n);
            pending = false;
        }

        /** The population and neuron of global index g. */
        int popOf(long g) {
            int k = 0;
            while (k + 1 < pops.length && g >= off[k + 1]) {
                k++;
            }
            return k;
        }

        /** Checks the error flag and hands the recorded spikes to their populations. */
        void drain() {
            long[] e = readError(err);
            if (e != null) {
                int k = popOf((e[1] - 1) >>> 3);
                throw blowUp(pops[k], e[1] - ((long) off[k] << 3), e[0]);
            }
            long[] keys = readRecorded(recCount, recNeuron, recStep);
            for (int k = 0; k < pops.length; k++) {
                int m = 0;
                for (long key : keys) {
                    int g = (int) (key & ((1L << 31) - 1));
                    m += g >= off[k] && g < off[k + 1] ? 1 : 0;
                }
                long[] st = new long[m];
                int[] se = new int[m];
                int q = 0;
                for (long key : keys) {
                    int g = (int) (key & ((1L << 31) - 1));
                    if (g >= off[k] && g < off[k + 1]) {
                        st[q] = key >>> 31;
                        se[q++] = g - off[k];
                    }
                }
                if (m > 0) {
                    pops[k].recordSpikes(st, se, m);
                }
            }
        }

        void reset() {
            fill(arrivals, (long) slots * 2 * ntot * Sizeof.cl_long);
            fill(spkCount, 2L * parts * Sizeof.cl_int);
            fill(recCount, Sizeof.cl_int);
            fill(itemSpikes, (long) parts * Sizeof.cl_long);
            fill(itemEvents, (long) parts * Sizeof.cl_long);
            fill(err, 2L * Sizeof.cl_long);
            pending = false;
        }

        /** Rewrites the combined weights from the projections' (after setWeights or resetWeights). */
        void reloadWeights() {
            float[][] ws = new float[projs.length][];
            for (int q = 0; q < projs.length; q++) {
                ws[q] = new float[projs[q].size];
                if (projs[q].size > 0) {
                    CL.clEnqueueReadBuffer(queue, projs[q].w, CL_TRUE, 0, (long) projs[q].size * Sizeof.cl_float,
                            Pointer.to(ws[q]), 0, null, null);
                }
            }
            float[] wA = new float[(int) Math.max(1, synapses)];
            layout(ws, null, null, wA, null);
            CL.clEnqueueWriteBuffer(queue, w, CL_TRUE, 0, (long) wA.length * Sizeof.cl_float, Pointer.to(wA), 0, null,
                    null);
        }

        long sum(cl_mem perItem) {
            long[] t = new long[parts];
            CL.clEnqueueReadBuffer(queue, perItem, CL_TRUE, 0, (long) parts * Sizeof.cl_long, Pointer.to(t), 0, null, null);
            return Arrays.stream(t).sum();
        }
    }

    /**
     * The fused step of a Chialvo population whose only coupling is a {@link RingStencil} on x: one kernel for the
     * ring (coupling, map, spike test, per-group partial sums for the hub), one work item for the hub; x is double
     * buffered ({@code pop.vars[0]} is always the current state), y updated in place.
     */
    private final class Ring {
        final Pop pop;
        final RingStencil st;
        /** Kernels bound for each parity: parity p reads x from {@code xs[p]} and writes {@code xs[1 − p]}. */
        final cl_kernel[] ringStep = new cl_kernel[2], hub = new cl_kernel[2];
        final cl_mem[] xs = new cl_mem[2];
        final int groups;
        /** Whether the step's spike list is kept (recorded or delivered); otherwise spikes are only counted. */
        final boolean list;
        /** Spikes per work item so far (summed on the host: no atomics in the step). */
        final cl_mem itemSpikes;
        int parity;

        Ring(Pop pop, RingStencil st, boolean useInput, boolean delivered) {
            this.pop = pop;
            this.st = st;
            this.groups = (st.m + RING_CHUNK - 1) / RING_CHUNK;
            this.list = delivered || pop.record;
            itemSpikes = zeros((long) groups * Sizeof.cl_long);
            xs[0] = pop.vars[0];
            xs[1] = zeros((long) pop.n * Sizeof.cl_double);
            cl_mem partial = zeros((long) groups * Sizeof.cl_double);
            int[] offs = st.offsets();
            double[] ws = st.weights();
            cl_mem offsBuf = buffer(offs.length == 0 ? new int[1] : offs);
            cl_mem wsBuf = buffer(ws.length == 0 ? new double[1] : ws);
            for (int p = 0; p < 2; p++) {
                cl_kernel k = ringStep[p] = kernel("chialvo_ring_step");
                bindState(k, p, useInput);
                arg(k, 5, st.hub);
                arg(k, 6, st.lo);
                arg(k, 7, st.m);
                arg(k, 8, offsBuf);
                arg(k, 9, wsBuf);
                arg(k, 10, offs.length);
                arg(k, 11, st.hubWeight);
                int q = bindChialvo(k, 12);
                arg(k, q + 2, itemSpikes);
                arg(k, q + 3, pop.error);
                arg(k, q + 4, partial);
                arg(k, q + 5, list ? 1 : 0);
                arg(k, q + 6, st.spokeWeight);
                arg(k, q + 7, hubInRing() ? 1 : 0);
                arg(k, q + 8, pop.totals);
                if (st.hub >= 0 && !hubInRing()) {
                    cl_kernel h = hub[p] = kernel("chialvo_ring_hub");
                    bindState(h, p, useInput);
                    arg(h, 5, st.hub);
                    arg(h, 6, groups);
                    arg(h, 7, st.spokeWeight);
                    arg(h, 8, partial);
                    int r = bindChialvo(h, 9);
                    arg(h, r + 2, pop.totals);
                    arg(h, r + 3, pop.error);
                    arg(h, r + 4, list ? 1 : 0);
                }
            }
        }

        /** Binds xin, xout (for parity p), y, input, useInput: the first arguments of both kernels. */
        private void bindState(cl_kernel k, int p, boolean useInput) {
            arg(k, 0, xs[p]);
            arg(k, 1, xs[1 - p]);
            arg(k, 2, pop.vars[1]);
            arg(k, 3, pop.input);
            arg(k, 4, useInput ? 1 : 0);
        }

        /** Whether the ring kernel updates the hub itself (the ring is a single work item's). */
        boolean hubInRing() {
            return st.hub >= 0 && groups == 1;
        }

        /** Binds a, b, c, k0, th, spikes, spikeCount, recNeuron, recStep, recCount, record from {@code from}; returns the step argument's index minus one. */
        private int bindChialvo(cl_kernel k, int from) {
            for (int q = 0; q < 5; q++) {
                arg(k, from + q, pop.params[q]);
            }
            pop.bindSpikeOutputs(k, from + 5);
            return from + 10;
        }

        void update(long n) {
            cl_kernel k = ringStep[parity];
            arg(k, 12 + 11, n);
            launchChunked(k, groups);
            if (st.hub >= 0 && !hubInRing()) {
                arg(hub[parity], 9 + 11, n);
                launch(hub[parity], 1);
            }
            parity ^= 1;
            pop.vars[0] = xs[parity];
        }

        long spikes() {
            long[] t = new long[groups];
            CL.clEnqueueReadBuffer(queue, itemSpikes, CL_TRUE, 0, (long) groups * Sizeof.cl_long, Pointer.to(t), 0, null,
                    null);
            long s = 0;
            for (long v : t) {
                s += v;
            }
            return s;
        }

        void reset() {
            fill(itemSpikes, (long) groups * Sizeof.cl_long);
        }
    }

    /** One step's spikes read back from the device for the modulators (each node read at most once per step). */
    private final class HostSpikes implements org.spinel.networks.plasticity.StepSpikes {
        long step = -1;

        private Node node(String name) {
            Node node = nodeByName.get(name);
            if (node == null) {
                throw SimulationInputs.unknown("population or source", name, nodeByName.keySet());
            }
            return node;
        }

        private int load(Node node, boolean list) {
            if (node.hostStep != step) {
                int[] c = new int[1];
                CL.clEnqueueReadBuffer(queue, node.spikeCount, CL_TRUE, 0, Sizeof.cl_int, Pointer.to(c), 0, null, null);
                node.hostCount = c[0];
                node.hostStep = step;
                node.hostListed = false;
            }
            if (list && !node.hostListed && node.hostCount > 0) {
                if (node.hostList == null) {
                    node.hostList = new int[node.n];
                }
                CL.clEnqueueReadBuffer(queue, node.spikes, CL_TRUE, 0, (long) node.hostCount * Sizeof.cl_int,
                        Pointer.to(node.hostList), 0, null, null);
                node.hostListed = true;
            }
            return node.hostCount;
        }

        @Override
        public int count(String name) {
            return load(node(name), false);
        }

        @Override
        public int count(String name, boolean[] selected) {
            Node node = node(name);
            int m = load(node, true), c = 0;
            for (int k = 0; k < m; k++) {
                if (selected[node.hostList[k]]) {
                    c++;
                }
            }
            return c;
        }
    }

    /** An injected current into some or all neurons of a population. */
    private final class Cur {
        final CurrentInputSpec spec;
        final Pop pop;
        final cl_mem idx;
        final int m;
        final cl_kernel k = kernel("add_current");

        Cur(CurrentInputSpec spec, Pop pop) {
            this.spec = spec;
            this.pop = pop;
            int[] nb = spec.neurons();
            idx = nb == null ? null : buffer(nb);
            m = nb == null ? pop.n : nb.length; // distinct indices (OpenClBackend.unsupported)
            arg(k, 0, pop.input);
            arg(k, 1, idx == null ? pop.input : idx);
            arg(k, 2, idx == null ? 0 : 1);
            arg(k, 3, m);
        }

        void apply(long n) {
            double value = spec.profile().at(n * dt);
            if (value == 0) {
                return;
            }
            arg(k, 4, value);
            launch(k, m);
        }
    }

    /** A diffusive coupling (CouplingGraph arrays on the device). */
    private final class Coup {
        final Pop pop;
        final cl_mem x, edgeStart, edgeSource, edgeWeight, triStart, triJ, triK, triWeight;
        final cl_kernel k = kernel("coupling");

        Coup(CouplingSpec spec, Pop pop) {
            this.pop = pop;
            CouplingGraph g = spec.graph();
            x = pop.var(spec.variable());
            edgeStart = buffer(g.edgeStart);
            edgeSource = buffer(g.edgeSource.length == 0 ? new int[1] : g.edgeSource);
            edgeWeight = buffer(g.edgeWeight.length == 0 ? new double[1] : g.edgeWeight.clone());
            triStart = buffer(g.triStart);
            triJ = buffer(g.triJ.length == 0 ? new int[1] : g.triJ);
            triK = buffer(g.triK.length == 0 ? new int[1] : g.triK);
            triWeight = buffer(g.triWeight.length == 0 ? new double[1] : g.triWeight.clone());
            arg(k, 0, x);
            arg(k, 1, edgeStart);
            arg(k, 2, edgeSource);
            arg(k, 3, edgeWeight);
            arg(k, 4, triStart);
            arg(k, 5, triJ);
            arg(k, 6, triK);
            arg(k, 7, triWeight);
            arg(k, 8, pop.input);
            arg(k, 9, pop.n);
        }

        void apply() {
            launch(k, pop.n);
        }
    }

    /** A source: spikes generated on the host (SourceGenerator, as on the Java backend), uploaded per chunk. */
    private final class Src extends Node {
        final SourceGenerator gen;
        final int[] buf;
        int[] chunkNeurons = new int[1024];
        int[] chunkStart = new int[1];
        long chunkFirst;
        cl_mem chunkMem;
        int chunkCap;
        final cl_kernel k = kernel("source_step");

        Src(SourceSpec spec, long seed, boolean record) {
            super(spec.name(), spec.size(), record);
            gen = new SourceGenerator(spec, dt, seed);
            buf = new int[spec.size()];
        }

        /** Generates steps [first, last) on the host and uploads them. */
        void prepare(long first, long last) {
            int steps = (int) (last - first);
            chunkStart = new int[steps + 1];
            int c = 0;
            long[] recSteps = record ? new long[16] : null;
            for (int k = 0; k < steps; k++) {
                int m = gen.generate(first + k, buf);
                if (c + m > chunkNeurons.length) {
                    chunkNeurons = Arrays.copyOf(chunkNeurons, Math.max(c + m, chunkNeurons.length * 2));
                }
                System.arraycopy(buf, 0, chunkNeurons, c, m);
                if (record && m > 0) {
                    if (recSteps.length < m) {
                        recSteps = new long[Math.max(m, recSteps.length * 2)];
                    }
                    Arrays.fill(recSteps, 0, m, first + k);
                    recordSpikes(recSteps, buf, m);
                }
                c += m;
                chunkStart[k + 1] = c;
            }
            chunkFirst = first;
            if (chunkMem == null || chunkCap < Math.max(1, c)) {
                if (chunkMem != null) {
                    mems.remove(chunkMem);
                    CL.clReleaseMemObject(chunkMem);
                }
                chunkCap = Math.max(1024, c);
                chunkMem = track(CL.clCreateBuffer(context, CL_MEM_READ_ONLY, (long) chunkCap * Sizeof.cl_int, null, null));
                arg(k, 0, chunkMem);
                arg(k, 3, spikes);
                arg(k, 4, spikeCount);
            }
            if (c > 0) {
                CL.clEnqueueWriteBuffer(queue, chunkMem, CL_TRUE, 0, (long) c * Sizeof.cl_int, Pointer.to(chunkNeurons), 0,
                        null, null);
            }
        }

        /** Puts step n's spikes into the spike list. */
        void emit(long n) {
            int row = (int) (n - chunkFirst);
            int base = chunkStart[row], count = chunkStart[row + 1] - base;
            arg(k, 1, base);
            arg(k, 2, count);
            launch(k, Math.max(1, count));
        }
    }

    /** A state monitor: samples written on the device, read back per chunk. */
    private final class StateMon {
        final MonitorSpec.State spec;
        final Pop pop;
        final int[] neurons;
        final cl_mem idx, out, ring;
        final int var;
        final boolean addRing;
        final int rowsPerChunk;
        final cl_kernel k = kernel("sample");
        int rowsInChunk;
        double[][] rows = new double[16][];
        int nRows;
        long firstStep = -1;

        StateMon(MonitorSpec.State spec, Pop pop) {
            this.spec = spec;
            this.pop = pop;
            if (spec.neurons() == null) {
                neurons = new int[pop.n];
                for (int i = 0; i < neurons.length; i++) {
                    neurons[i] = i;
                }
            } else {
                neurons = spec.neurons().clone();
            }
            idx = buffer(neurons);
            var = pop.spec.model().variableIndex(spec.variable());
            addRing = !pop.chialvo && pop.spec.model().synapticTargets().contains(spec.variable());
            ring = pop.ringOf(spec.variable());
            rowsPerChunk = chunk / spec.stride() + 1;
            out = zeros((long) rowsPerChunk * Math.max(1, neurons.length) * Sizeof.cl_double);
            arg(k, 1, ring);
            arg(k, 3, pop.n);
            arg(k, 4, addRing ? 1 : 0);
            arg(k, 5, idx);
            arg(k, 6, neurons.length);
            arg(k, 7, out);
        }

        void sample(long n) {
            if (n % spec.stride() != 0 || neurons.length == 0) {
                return;
            }
            if (firstStep < 0) {
                firstStep = n;
            }
            arg(k, 0, pop.vars[var]); // the current buffer (a fused ring-star step swaps x's two)
            arg(k, 2, (int) (n % pop.slots));
            arg(k, 8, rowsInChunk++);
            launch(k, neurons.length);
        }

        void drain() {
            if (rowsInChunk == 0) {
                return;
            }
            int m = neurons.length;
            double[] flat = new double[rowsInChunk * m];
            CL.clEnqueueReadBuffer(queue, out, CL_TRUE, 0, (long) flat.length * Sizeof.cl_double, Pointer.to(flat), 0, null,
                    null);
            if (nRows + rowsInChunk > rows.length) {
                rows = Arrays.copyOf(rows, Math.max(nRows + rowsInChunk, rows.length * 2));
            }
            for (int r = 0; r < rowsInChunk; r++) {
                rows[nRows++] = Arrays.copyOfRange(flat, r * m, (r + 1) * m);
            }
            rowsInChunk = 0;
        }

        StateTrace snapshot() {
            return new StateTrace(pop.spec.name(), spec.variable(), pop.spec.model().stateUnits().get(
                    pop.spec.model().variableIndex(spec.variable())), neurons, dt, Math.max(0, firstStep), spec.stride(),
                    Arrays.copyOf(rows, nRows));
        }
    }

    /** Device-side STDP state of one projection (online, StdpRule, no modulators or projector). */
    private final class Stdp {
        final StdpRule rule;
        final cl_mem xPre, tPre, xPost, tPost, inStart, inSyn, source;
        final int bounded;
        final double lo, hi, kPlus, kMinus;
        final int nPre, nPost;
        final cl_kernel pre = kernel("stdp_pre"), post = kernel("stdp_post");
        /** The largest |w| the weights may reach (FixedPointRange.weightLimit) and the kernels' flag beyond it. */
        final double wLimit;
        final cl_mem wErr = zeros(2L * Sizeof.cl_long);
        boolean bound;

        Stdp(StdpRule rule, WeightBounds bounds, SynapseGraph g, double wLimit) {
            this.rule = rule;
            this.wLimit = wLimit;
            nPre = g.nPre();
            nPost = g.nPost();
            xPre = zeros((long) nPre * Sizeof.cl_double);
            tPre = zeros((long) nPre * Sizeof.cl_long);
            xPost = zeros((long) nPost * Sizeof.cl_double);
            tPost = zeros((long) nPost * Sizeof.cl_long);
            inStart = buffer(g.incomingStart());
            inSyn = buffer(g.incomingSynapse().length == 0 ? new int[1] : g.incomingSynapse());
            source = buffer(g.sources().length == 0 ? new int[1] : g.sources());
            if (bounds instanceof WeightBounds.Hard h) {
                bounded = 1;
                lo = h.lo();
                hi = h.hi();
            } else {
                bounded = 0;
                lo = 0;
                hi = 0;
            }
            kPlus = -dt / rule.tauPlus();
            kMinus = -dt / rule.tauMinus();
        }

        void apply(Proj pr, long n) {
            if (!bound) {
                bind(pr);
                bound = true;
            }
            arg(pre, PRE_STEP, n);
            arg(pre, PRE_STEP + 1, pr.gp);
            arg(pre, PRE_STEP + 2, pr.gd);
            launch(pre, Math.min(pr.pre.n, SPIKE_ITEMS));
            arg(post, POST_STEP, n);
            arg(post, POST_STEP + 1, pr.gp);
            arg(post, POST_STEP + 2, pr.gd);
            launch(post, Math.min(pr.post.n, SPIKE_ITEMS));
        }

        /** Index of the step argument of stdp_pre and stdp_post (the gains follow it). */
        static final int PRE_STEP = 22, POST_STEP = 24;

        private void bind(Proj pr) {
            int mult = rule.weightDependence() == StdpRule.WeightDependence.MULTIPLICATIVE ? 1 : 0;
            int all = rule.pairing() == StdpRule.Pairing.ALL_TO_ALL ? 1 : 0;
            int inh = rule.presynaptic() == StdpRule.Presynaptic.INHIBITORY ? 1 : 0;
            int ignore = rule.simultaneous() == StdpRule.Simultaneous.IGNORED ? 1 : 0;
            cl_kernel k = pre;
            arg(k, 0, pr.pre.spikes);
            arg(k, 1, pr.pre.spikeCount);
            arg(k, 2, pr.rowStart);
            arg(k, 3, pr.target);
            arg(k, 4, pr.w);
            arg(k, 5, xPost);
            arg(k, 6, tPost);
            arg(k, 7, xPre);
            arg(k, 8, tPre);
            arg(k, 9, rule.aPlus());
            arg(k, 10, rule.aMinus());
            arg(k, 11, kMinus);
            arg(k, 12, kPlus);
            arg(k, 13, mult);
            arg(k, 14, rule.wMin());
            arg(k, 15, rule.wMax());
            arg(k, 16, all);
            arg(k, 17, bounded);
            arg(k, 18, lo);
            arg(k, 19, hi);
            arg(k, 20, rule.traceIncrement());
            arg(k, 21, inh);
            arg(k, PRE_STEP + 3, wLimit);
            arg(k, PRE_STEP + 4, wErr);

            k = post;
            arg(k, 0, pr.post.spikes);
            arg(k, 1, pr.post.spikeCount);
            arg(k, 2, inStart);
            arg(k, 3, inSyn);
            arg(k, 4, source);
            arg(k, 5, pr.w);
            arg(k, 6, xPre);
            arg(k, 7, tPre);
            arg(k, 8, xPost);
            arg(k, 9, tPost);
            arg(k, 10, rule.aPlus());
            arg(k, 11, rule.aMinus());
            arg(k, 12, kPlus);
            arg(k, 13, kMinus);
            arg(k, 14, mult);
            arg(k, 15, rule.wMin());
            arg(k, 16, rule.wMax());
            arg(k, 17, all);
            arg(k, 18, bounded);
            arg(k, 19, lo);
            arg(k, 20, hi);
            arg(k, 21, rule.traceIncrement());
            arg(k, 22, inh);
            arg(k, 23, ignore);
            arg(k, POST_STEP + 3, wLimit);
            arg(k, POST_STEP + 4, wErr);
        }

        void reset() {
            fill(xPre, (long) nPre * Sizeof.cl_double);
            fill(xPost, (long) nPost * Sizeof.cl_double);
            fill(wErr, 2L * Sizeof.cl_long);
        }
    }

    /** Device-side projection. */
    private static final class Proj {
        final ProjectionSpec spec;
        final Node pre;
        final Pop post;
        final cl_mem rowStart, target, w, delay, ring, events;
        final int uniformDelay, size;
        final float[] initialWeights;
        Stdp stdp;
        cl_kernel deliver;
        /** The modulators of its plasticity pipeline (shared instances) and their gains for the coming step. */
        final List<org.spinel.networks.plasticity.ModulatorInstance> mods = new ArrayList<>();
        double gp = 1, gd = 1;

        void refreshGains() {
            double p = 1, d = 1;
            for (var m : mods) {
                p *= m.potentiationGain();
                d *= m.depressionGain();
            }
            gp = p;
            gd = d;
        }

        Proj(ProjectionSpec spec, Node pre, Pop post, cl_mem rowStart, cl_mem target, cl_mem w, cl_mem delay, cl_mem ring,
                cl_mem events, int uniformDelay, float[] initialWeights) {
            this.spec = spec;
            this.pre = pre;
            this.post = post;
            this.rowStart = rowStart;
            this.target = target;
            this.w = w;
            this.delay = delay;
            this.ring = ring;
            this.events = events;
            this.uniformDelay = uniformDelay;
            this.size = initialWeights.length;
            this.initialWeights = initialWeights;
        }
    }

    OpenClSimulation(Network net, OpenClDevice.Info device) {
        this.net = net;
        this.dt = net.dt();
        range = FixedPointRange.check(net);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        context = CL.clCreateContext(props, 1, new cl_device_id[] {device.device()}, null, null, null);
        queue = CL.clCreateCommandQueue(context, device.device(), 0, null);
        program = build(device, source("spinel.cl"));
        ringGroup = device.gpu() ? 64 : 8;

        RandomStreams streams = new RandomStreams(net.seed());
        java.util.Set<String> recorded = new java.util.HashSet<>();
        int maxN = 1;
        for (MonitorSpec m : net.monitors()) {
            if (!(m instanceof MonitorSpec.State)) {
                recorded.add(m.population());
            }
        }
        for (PopulationSpec p : net.populations().values()) {
            maxN = Math.max(maxN, p.size());
        }
        fusedLif = fusedLifApplies(net, device);
        if (fusedLif) {
            // one recording buffer for all populations
            maxN = 1;
            for (PopulationSpec p : net.populations().values()) {
                maxN += recorded.contains(p.name()) ? p.size() : 0;
            }
        }
        chunk = (int) Math.max(1, Math.min(1000, REC_CAPACITY / maxN));
        List<Pop> pl = new ArrayList<>();
        for (PopulationSpec p : net.populations().values()) {
            int maxDelay = 1;
            for (ProjectionSpec pr : net.projections().values()) {
                if (pr.post().equals(p.name())) {
                    maxDelay = Math.max(maxDelay, net.graph(pr.name()).maxDelay());
                }
            }
            Pop pop = new Pop(p, streams, maxDelay + 1, recorded.contains(p.name()));
            pl.add(pop);
            popByName.put(p.name(), pop);
            nodeByName.put(p.name(), pop);
        }
        pops = pl.toArray(new Pop[0]);
        List<Src> sl = new ArrayList<>();
        for (SourceSpec sp : net.sources().values()) {
            Src src = new Src(sp, net.seed(), recorded.contains(sp.name()));
            sl.add(src);
            nodeByName.put(sp.name(), src);
        }
        srcs = sl.toArray(new Src[0]);
        List<StateMon> ml = new ArrayList<>();
        for (MonitorSpec m : net.monitors()) {
            if (m instanceof MonitorSpec.State st) {
                ml.add(new StateMon(st, popByName.get(st.population())));
            }
        }
        stateMons = ml.toArray(new StateMon[0]);
        List<Cur> cl = new ArrayList<>();
        for (CurrentInputSpec c : net.currents()) {
            cl.add(new Cur(c, popByName.get(c.population())));
        }
        curs = cl.toArray(new Cur[0]);
        List<Coup> col = new ArrayList<>();
        for (CouplingSpec c : net.couplings()) {
            Pop pop = popByName.get(c.population());
            RingStencil st = c.graph().ringStencil();
            if (fusedRingStar(net, pop.spec)) {
                boolean currents = net.currents().stream().anyMatch(cu -> cu.population().equals(c.population()));
                boolean delivered = net.projections().values().stream().anyMatch(pr -> pr.pre().equals(c.population())
                        || pr.plasticity() != null && !pr.plasticity().modulators().isEmpty());
                pop.ring = new Ring(pop, st, currents, delivered);
            } else {
                col.add(new Coup(c, pop));
            }
        }
        coups = col.toArray(new Coup[0]);
        List<Proj> prl = new ArrayList<>();
        for (ProjectionSpec pr : net.projections().values()) {
            SynapseGraph g = net.graph(pr.name());
            Node pre = nodeByName.get(pr.pre());
            Pop post = popByName.get(pr.post());
            short[] delays = g.delays();
            int uniform = delays == null ? g.uniformDelay() : 0;
            float[] w0 = g.weights();
            // a FusedLif network delivers from its own combined synapse arrays; a projection keeps only its weights
            prl.add(new Proj(pr, pre, post, buffer(fusedLif ? new int[1] : g.rowStart()),
                    buffer(g.targets().length == 0 || fusedLif ? new int[1] : g.targets()),
                    buffer(w0.length == 0 ? new float[1] : w0.clone()), delays == null || delays.length == 0 || fusedLif
                            ? buffer(new short[1]) : buffer(delays),
                    post.ringOf(pr.target()), zeros(Sizeof.cl_long), uniform, w0));
            Proj made = prl.get(prl.size() - 1);
            made.deliver = kernel("deliver");
            cl_kernel k = made.deliver;
            arg(k, 0, made.pre.spikes);
            arg(k, 1, made.pre.spikeCount);
            arg(k, 2, made.rowStart);
            arg(k, 3, made.target);
            arg(k, 4, made.w);
            arg(k, 5, made.delay);
            arg(k, 6, made.uniformDelay);
            arg(k, 7, made.ring);
            arg(k, 8, made.post.slots);
            arg(k, 9, made.post.n);
            arg(k, 11, made.events);
            if (pr.plasticity() != null) {
                made.stdp = new Stdp((StdpRule) pr.plasticity().rule(), pr.plasticity().bounds(), g,
                        range.weightLimit(pr.name()));
            }
        }
        projs = prl.toArray(new Proj[0]);
        java.util.Map<org.spinel.networks.plasticity.Modulator, org.spinel.networks.plasticity.ModulatorInstance> bound =
                new java.util.HashMap<>();
        for (Proj pr : projs) {
            if (pr.spec.plasticity() == null) {
                continue;
            }
            for (var m : pr.spec.plasticity().modulators()) {
                var mi = bound.get(m);
                if (mi == null) {
                    try {
                        mi = m.bind(net, dt);
                    } catch (ParameterException e) {
                        throw new ParameterException("projection \"" + pr.spec.name() + "\".plasticity modulator "
                                + m.describe() + ": " + e.getMessage());
                    }
                    bound.put(m, mi);
                    modulators.add(mi);
                }
                pr.mods.add(mi);
            }
            pr.refreshGains();
        }
        fused = fusedLif ? new FusedLif(device) : null;
    }

    /** Work items per compute unit of a {@link FusedLif} step (several, so that the runtime can balance them). */
    private static final int FUSED_PARTS_PER_UNIT = Integer.getInteger("spinel.opencl.partsPerUnit", 4);

    /** Work items (neuron partitions) of a {@link FusedLif} step on this device. */
    static int fusedParts(OpenClDevice.Info device) {
        return Math.max(1, Math.min(256, FUSED_PARTS_PER_UNIT * deviceInt(device, CL.CL_DEVICE_MAX_COMPUTE_UNITS)));
    }

    private static int deviceInt(OpenClDevice.Info device, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(device.device(), param, Sizeof.cl_int, Pointer.to(v), null);
        return v[0];
    }

    /**
     * Whether the network has the form a {@link FusedLif} runs: LIF CUBA populations only, static projections, no
     * sources, injected currents, couplings or state monitors (spike and rate monitors are fine).
     */
    static boolean fusedLifNetwork(Network net) {
        if (net.populations().isEmpty() || !net.sources().isEmpty() || !net.currents().isEmpty()
                || !net.couplings().isEmpty()) {
            return false;
        }
        if (net.populations().values().stream().anyMatch(p -> !(p.model() instanceof LifCurrentNeuron))
                || net.projections().values().stream().anyMatch(pr -> pr.plasticity() != null)
                || net.monitors().stream().anyMatch(m -> m instanceof MonitorSpec.State)) {
            return false;
        }
        long neurons = 0, synapses = 0;
        for (PopulationSpec p : net.populations().values()) {
            neurons += p.size() + 64;
        }
        for (ProjectionSpec pr : net.projections().values()) {
            synapses += net.graph(pr.name()).size();
        }
        // int indices on the device: the synapse arrays and the (neurons x (parts + 1)) synapse ranges
        return synapses < Integer.MAX_VALUE && neurons * 257 < Integer.MAX_VALUE;
    }

    /**
     * Whether this network runs as a {@link FusedLif} on this device: on CPU devices, where a launch costs
     * microseconds and per-step kernels for every population and projection would dominate (docs/performance.md);
     * the system property {@code spinel.opencl.fusedLif} ({@code true}/{@code false}) forces the choice.
     */
    static boolean fusedLifApplies(Network net, OpenClDevice.Info device) {
        String force = System.getProperty("spinel.opencl.fusedLif", "");
        if (force.equals("false") || !force.equals("true") && device.gpu()) {
            return false;
        }
        return fusedLifNetwork(net);
    }

    /**
     * Whether population p runs as a fused ring-star ({@link Ring}): a Chialvo population whose only coupling is a
     * {@link RingStencil} on x.
     */
    static boolean fusedRingStar(Network net, PopulationSpec p) {
        if (!(p.model() instanceof ChialvoNeuron)) {
            return false;
        }
        List<CouplingSpec> on = net.couplings().stream().filter(c -> c.population().equals(p.name())).toList();
        return on.size() == 1 && on.get(0).graph().ringStencil() != null
                && p.model().variableIndex(on.get(0).variable()) == 0;
    }

    // ------------------------------------------------------------------ buffers

    private final List<cl_kernel> kernels = new ArrayList<>();

    /** A kernel object of its own for one network element: its constant arguments are set once. */
    private cl_kernel kernel(String name) {
        cl_kernel k = CL.clCreateKernel(program, name, null);
        kernels.add(k);
        return k;
    }

    private cl_mem track(cl_mem m) {
        mems.add(m);
        return m;
    }

    private cl_mem buffer(double[] a) {
        return track(CL.clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, (long) a.length * Sizeof.cl_double,
                Pointer.to(a), null));
    }

    private cl_mem buffer(int[] a) {
        return track(CL.clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, (long) Math.max(1, a.length)
                * Sizeof.cl_int, Pointer.to(a.length == 0 ? new int[1] : a), null));
    }

    private cl_mem buffer(float[] a) {
        return track(CL.clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, (long) a.length * Sizeof.cl_float,
                Pointer.to(a), null));
    }

    private cl_mem buffer(short[] a) {
        return track(CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) a.length * Sizeof.cl_short,
                Pointer.to(a), null));
    }

    private cl_mem zeros(long bytes) {
        cl_mem m = track(CL.clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(8, bytes), null, null));
        fill(m, Math.max(8, bytes));
        return m;
    }

    private void fill(cl_mem m, long bytes) {
        CL.clEnqueueFillBuffer(queue, m, Pointer.to(new byte[] {0}), 1, 0, bytes, 0, null, null);
    }

    private static String source(String name) {
        try (InputStream in = OpenClSimulation.class.getResourceAsStream("/org/spinel/opencl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kernel source " + name + " missing from the jar", e);
        }
    }

    private cl_program build(OpenClDevice.Info device, String src) {
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {src}, null, null);
        try {
            CL.clBuildProgram(p, 0, null, null, null, null);
        } catch (CLException e) {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(p, device.device(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(p, device.device(), CL.CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new SimulationException("OpenCL kernel build failed on " + device.name() + ":\n"
                    + new String(log, StandardCharsets.UTF_8).trim(), e);
        }
        return p;
    }

    // ------------------------------------------------------------------ stepping

    private static void arg(cl_kernel k, int i, cl_mem m) {
        CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
    }

    private static void arg(cl_kernel k, int i, int x) {
        CL.clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {x}));
    }

    private static void arg(cl_kernel k, int i, long x) {
        CL.clSetKernelArg(k, i, Sizeof.cl_long, Pointer.to(new long[] {x}));
    }

    private static void arg(cl_kernel k, int i, double x) {
        CL.clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[] {x}));
    }

    /** Launches a kernel whose work items each own a chunk of neurons, in work-groups of {@link #ringGroup}. */
    private void launchChunked(cl_kernel k, int items) {
        long global = (Math.max(1, items) + ringGroup - 1) / ringGroup * (long) ringGroup;
        CL.clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {ringGroup}, 0, null, null);
    }

    private void launch(cl_kernel k, int items) {
        CL.clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {Math.max(1, items)}, null, 0, null, null);
    }

    @Override
    public void runSteps(long steps) {
        if (closed) {
            throw new IllegalStateException("simulation is closed");
        }
        if (steps < 0) {
            throw new ParameterException("steps = " + steps + ": expected >= 0");
        }
        long end = step + steps;
        if (fused != null) {
            while (step < end) {
                fused.step(step);
                step++;
                if (step % chunk == 0 || step == end) {
                    if (step == end) {
                        fused.flush(step);
                    }
                    drain();
                    chunkStartStep = step;
                }
            }
            return;
        }
        while (step < end) {
            long n = step;
            if (srcs.length > 0 && (n % chunk == 0 || n == chunkStartStep)) {
                long last = Math.min(end, (n / chunk + 1) * chunk);
                for (Src src : srcs) {
                    src.prepare(n, last);
                }
            }
            for (Src src : srcs) {
                src.emit(n);
            }
            for (StateMon m : stateMons) {
                m.sample(n);
            }
            for (Cur c : curs) {
                c.apply(n);
            }
            for (Coup c : coups) {
                c.apply();
            }
            for (Pop p : pops) {
                if (p.ring == null || p.ring.list) {
                    CL.clEnqueueFillBuffer(queue, p.spikeCount, Pointer.to(new int[] {0}), Sizeof.cl_int, 0, Sizeof.cl_int,
                            0, null, null);
                }
                p.update(n);
            }
            for (Proj pr : projs) {
                if (pr.size == 0) {
                    continue;
                }
                cl_kernel k = pr.deliver;
                arg(k, 10, n);
                launch(k, Math.min(pr.pre.n, SPIKE_ITEMS));
                if (pr.stdp != null) {
                    pr.stdp.apply(pr, n);
                }
            }
            if (!modulators.isEmpty()) {
                hostSpikes.step = n;
                for (var mi : modulators) {
                    mi.step(n, hostSpikes);
                }
                for (Proj pr : projs) {
                    pr.refreshGains();
                }
            }
            step++;
            if (step % chunk == 0 || step == end) {
                drain();
                chunkStartStep = step;
            }
        }
    }

    /** Reads the recorded spikes back, sorts each step's by neuron, and checks the error flag. */
    private void drain() {
        if (fused != null) {
            fused.drain();
            return;
        }
        Pop first = null;
        long[] fe = null;
        for (Pop p : pops) {
            long[] e = readError(p.error);
            if (e != null && (fe == null || e[0] < fe[0])) {
                first = p;
                fe = e;
            }
        }
        Proj wp = null;
        long[] we = null;
        for (Proj pr : projs) {
            long[] e = pr.stdp == null ? null : readError(pr.stdp.wErr);
            if (e != null && (we == null || e[0] < we[0])) {
                wp = pr;
                we = e;
            }
        }
        // a blow-up happens in the update, before the same step's STDP
        if (fe != null && (we == null || fe[0] <= we[0])) {
            throw blowUp(first, fe[1], fe[0]);
        }
        if (we != null) {
            throw weightOutOfRange(wp, we[1], we[0]);
        }
        for (StateMon m : stateMons) {
            m.drain();
        }
        for (Pop p : pops) {
            if (!p.record) {
                continue;
            }
            long[] keys = readRecorded(p.recCount, p.recNeuron, p.recStep);
            long[] st = new long[keys.length];
            int[] se = new int[keys.length];
            for (int k = 0; k < keys.length; k++) {
                st[k] = keys[k] >>> 31;
                se[k] = (int) (keys[k] & ((1L << 31) - 1));
            }
            if (keys.length > 0) {
                p.recordSpikes(st, se, keys.length);
            }
        }
    }

    /**
     * An error flag {step, key} (a population's or a fused network's non-finite state, a plastic projection's weight
     * beyond its limit: see flag_non_finite and flag_weight in spinel.cl), or null when it is not set.
     */
    private long[] readError(cl_mem error) {
        long[] e = new long[2];
        CL.clEnqueueReadBuffer(queue, error, CL_TRUE, 0, 2L * Sizeof.cl_long, Pointer.to(e), 0, null, null);
        return e[0] == 0 ? null : new long[] {e[0] - 1, e[1]};
    }

    /**
     * The Java backend's report of a non-finite state (JavaSimulation, NonFiniteStateException): the population, the
     * neuron, the variable and its value, the time. {@code key} = 1 + (neuron &lt;&lt; 3 | variable &lt;&lt; 2 | kind).
     */
    private SimulationException blowUp(Pop p, long key, long at) {
        long k = key - 1;
        long neuron = k >>> 3;
        String var = p.spec.model().stateVariables().get((int) (k >> 2 & 1));
        double value = switch ((int) (k & 3)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            default -> Double.NEGATIVE_INFINITY;
        };
        return new SimulationException("numerical blow-up in population \"" + p.name + "\", neuron " + neuron + ": "
                + var + " = " + value + " at t = " + (at + 1) * dt + " ms (step " + at + ")");
    }

    /** A plastic weight beyond its fixed-point limit; {@code key} = synapse &lt;&lt; 32 | the float's bits. */
    private SimulationException weightOutOfRange(Proj pr, long key, long at) {
        int s = (int) (key >>> 32);
        float w = Float.intBitsToFloat((int) key);
        SynapseGraph g = net.graph(pr.spec.name());
        return new SimulationException("projection \"" + pr.spec.name() + "\": STDP took the weight of synapse " + s
                + " (" + g.sources()[s] + " -> " + g.targets()[s] + ") to " + w + " at t = " + (at + 1) * dt
                + " ms (step " + at + "), beyond " + range.weightLimit(pr.spec.name()) + ", the largest weight for which "
                + "the opencl backend's exact synaptic sums onto population \"" + pr.post.name + "\" cannot overflow "
                + "(64-bit integers in units of 2^-32: a neuron's sum of |w| per synaptic target must stay below 2^31"
                + (range.unbounded(pr.spec.name()) ? "; the plasticity has no weight bounds" : "") + "): give the "
                + "plasticity hard bounds, or run it with --backend java");
    }

    /**
     * The spikes recorded since the last drain as sorted keys step * 2^31 + neuron (the device order depends on
     * scheduling); the recording buffer is emptied.
     */
    private long[] readRecorded(cl_mem recCount, cl_mem recNeuron, cl_mem recStep) {
        int[] c = new int[1];
        CL.clEnqueueReadBuffer(queue, recCount, CL_TRUE, 0, Sizeof.cl_int, Pointer.to(c), 0, null, null);
        if (c[0] == 0) {
            return new long[0];
        }
        int[] neurons = new int[c[0]];
        long[] steps = new long[c[0]];
        CL.clEnqueueReadBuffer(queue, recNeuron, CL_TRUE, 0, (long) c[0] * Sizeof.cl_int, Pointer.to(neurons), 0, null,
                null);
        CL.clEnqueueReadBuffer(queue, recStep, CL_TRUE, 0, (long) c[0] * Sizeof.cl_long, Pointer.to(steps), 0, null, null);
        CL.clEnqueueFillBuffer(queue, recCount, Pointer.to(new int[] {0}), Sizeof.cl_int, 0, Sizeof.cl_int, 0, null, null);
        long[] keys = new long[c[0]];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = steps[k] * (1L << 31) + neurons[k];
        }
        Arrays.sort(keys);
        return keys;
    }

    // ------------------------------------------------------------------ API

    @Override
    public Network network() {
        return net;
    }

    @Override
    public String backend() {
        return "opencl";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public void reset() {
        for (Pop p : pops) {
            for (int k = 0; k < p.vars.length; k++) {
                p.write(k, p.initial.vars[k]);
            }
            p.clearRef();
            if (!p.chialvo && fused == null) {
                fill(p.ringE, (long) p.slots * p.n * Sizeof.cl_long);
                fill(p.ringI, (long) p.slots * p.n * Sizeof.cl_long);
            }
            fill(p.input, (long) p.n * Sizeof.cl_double);
            fill(p.recCount, Sizeof.cl_int);
            fill(p.totals, Sizeof.cl_long);
            if (p.ring != null) {
                p.ring.reset();
            }
            p.nRec = 0;
        }
        for (Src src : srcs) {
            src.gen.reset();
            src.nRec = 0;
        }
        for (StateMon m : stateMons) {
            m.nRows = 0;
            m.rowsInChunk = 0;
            m.firstStep = -1;
        }
        for (Proj pr : projs) {
            fill(pr.events, Sizeof.cl_long);
            if (pr.stdp != null) {
                pr.stdp.reset();
            }
        }
        for (Pop p : pops) {
            fill(p.error, 2L * Sizeof.cl_long);
        }
        if (fused != null) {
            fused.reset();
        }
        for (var mi : modulators) {
            mi.reset();
        }
        for (Proj pr : projs) {
            pr.refreshGains();
        }
        for (Node node : nodeByName.values()) {
            node.hostStep = -1;
        }
        step = 0;
        chunkStartStep = 0;
    }

    private void write(cl_mem m, double[] a) {
        CL.clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, (long) a.length * Sizeof.cl_double, Pointer.to(a), 0, null, null);
    }

    @Override
    public void resetWeights() {
        range.resetWeights();
        for (Proj pr : projs) {
            if (pr.size > 0) {
                CL.clEnqueueWriteBuffer(queue, pr.w, CL_TRUE, 0, (long) pr.size * Sizeof.cl_float,
                        Pointer.to(pr.initialWeights), 0, null, null);
            }
        }
        if (fused != null) {
            fused.reloadWeights();
        }
    }

    @Override
    public Recording recording() {
        Map<String, SpikeTrains> sp = new LinkedHashMap<>();
        Map<String, PopulationRate> rt = new LinkedHashMap<>();
        Map<String, StateTrace> tr = new LinkedHashMap<>();
        for (MonitorSpec m : net.monitors()) {
            Node p = nodeByName.get(m.population());
            if (m instanceof MonitorSpec.Spikes) {
                sp.put(p.name, new SpikeTrains(p.name, p.n, dt, Arrays.copyOf(p.stepsRec, p.nRec),
                        Arrays.copyOf(p.sendersRec, p.nRec)));
            } else if (m instanceof MonitorSpec.Rate r) {
                int bin = (int) Math.max(1, Math.round(r.binMs() / dt));
                long[] counts = new long[(int) (step / bin)];
                for (int k = 0; k < p.nRec; k++) {
                    int b = (int) (p.stepsRec[k] / bin);
                    if (b < counts.length) {
                        counts[b]++;
                    }
                }
                rt.put(p.name, new PopulationRate(p.name, p.n, dt, 0, bin, counts));
            }
        }
        for (StateMon m : stateMons) {
            tr.put(m.pop.spec.name() + "." + m.spec.variable(), m.snapshot());
        }
        return new Recording(sp, tr, rt);
    }

    private Pop pop(String name) {
        Pop p = popByName.get(name);
        if (p == null) {
            throw SimulationInputs.unknown("population", name, popByName.keySet());
        }
        return p;
    }

    private Proj proj(String name) {
        for (Proj p : projs) {
            if (p.spec.name().equals(name)) {
                return p;
            }
        }
        throw SimulationInputs.unknown("projection", name, net.projections().keySet());
    }

    /**
     * Feeds an external source. The feed is called once per step in step order, as on the Java backend, but a chunk
     * ahead of the device (it depends on nothing the simulation computes); setting it regenerates from this step on.
     */
    @Override
    public void feed(String source, org.spinel.networks.engine.SpikeFeed feed) {
        Node node = nodeByName.get(source);
        if (!(node instanceof Src src)) {
            throw SimulationInputs.unknown("source", source, srcNames());
        }
        src.gen.feed(feed);
        chunkStartStep = step;
    }

    private List<String> srcNames() {
        List<String> names = new ArrayList<>();
        for (Src s : srcs) {
            names.add(s.name);
        }
        return names;
    }

    @Override
    public double[] state(String population, String variable) {
        Pop p = pop(population);
        p.var(variable);
        return p.read(p.spec.model().variableIndex(variable));
    }

    @Override
    public void setState(String population, String variable, double[] values) {
        Pop p = pop(population);
        p.var(variable);
        SimulationInputs.checkState(population, variable, values, p.n);
        p.write(p.spec.model().variableIndex(variable), values);
    }

    @Override
    public float[] weights(String projection) {
        Proj p = proj(projection);
        float[] w = new float[p.size];
        if (p.size > 0) {
            CL.clEnqueueReadBuffer(queue, p.w, CL_TRUE, 0, (long) p.size * Sizeof.cl_float, Pointer.to(w), 0, null, null);
        }
        return w;
    }

    @Override
    public void setWeights(String projection, float[] weights) {
        Proj p = proj(projection);
        SimulationInputs.checkWeights(projection, weights, p.size);
        range.setWeights(projection, weights);
        if (p.size > 0) {
            CL.clEnqueueWriteBuffer(queue, p.w, CL_TRUE, 0, (long) p.size * Sizeof.cl_float, Pointer.to(weights), 0, null,
                    null);
        }
        if (fused != null) {
            fused.reloadWeights();
        }
    }

    @Override
    public void applyPlasticity() {
        // Only online plasticity runs on this backend (OpenClBackend.unsupported): nothing is accumulated.
    }

    @Override
    public long spikeCount() {
        long total = 0;
        for (Pop p : pops) {
            long[] t = new long[1];
            CL.clEnqueueReadBuffer(queue, p.totals, CL_TRUE, 0, Sizeof.cl_long, Pointer.to(t), 0, null, null);
            total += t[0] + (p.ring != null ? p.ring.spikes() : 0);
        }
        return total + (fused != null ? fused.sum(fused.itemSpikes) : 0);
    }

    @Override
    public long synapticEvents() {
        long total = 0;
        for (Proj p : projs) {
            long[] t = new long[1];
            CL.clEnqueueReadBuffer(queue, p.events, CL_TRUE, 0, Sizeof.cl_long, Pointer.to(t), 0, null, null);
            total += t[0];
        }
        return total + (fused != null ? fused.sum(fused.itemEvents) : 0);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CL.clFinish(queue); // no command still reads or writes a buffer while it is released
        for (cl_mem m : mems) {
            CL.clReleaseMemObject(m);
        }
        for (cl_kernel k : kernels) {
            CL.clReleaseKernel(k);
        }
        CL.clReleaseProgram(program);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }
}
