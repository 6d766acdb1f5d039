package org.spinel.opencl;

import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.ProjectionSpec;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.StdpRule;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.neurons.LifConductanceNeuron;
import org.spinel.neurons.LifCurrentNeuron;

/**
 * The OpenCL backend ({@code "opencl"}), found through {@link java.util.ServiceLoader}. It implements current- and
 * conductance-based LIF, discrete-time LIF (surrogate-gradient layers), NALSM's Euler LIF and Chialvo populations,
 * Poisson, spike-array and external (protocol-fed) sources, current inputs, event projections
 * into LIF populations with any topology, weights and delays, diffusive couplings (pairwise and triangles), and
 * spike, rate and state monitors, and online STDP with hard or no bounds (every {@code StdpRule} option, NALSM's
 * trace increment, ignored simultaneous spikes and mirrored inhibitory window included) with plasticity modulators
 * (the astrocyte). Anything else (projectors, named with their description, per-trial plasticity, other rules) is
 * reported by {@link #unsupported}, so that {@code auto} runs such networks on the Java backend and says why; so is a
 * network whose synaptic sums can exceed the range of the exact fixed-point sums ({@link FixedPointRange}: |w| summed
 * over a neuron's incoming synapses of one target below 2^31), which {@link #compile} refuses with a
 * {@code ParameterException}.
 */
public final class OpenClBackend implements Backend {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Availability availability() {
        OpenClDevice.Probe p = OpenClDevice.probe();
        return new Availability(p.chosen() != null, p.reason());
    }

    @Override
    public java.util.List<String> devices() {
        OpenClDevice.Probe p = OpenClDevice.probe();
        return p.devices().stream().map(d -> "[" + d.index() + "] " + d.name() + (d.gpu() ? ", GPU" : "")
                + (d.usable() ? "" : ", unusable: lacks " + d.missing()) + (d == p.chosen() ? "  <- used" : "")).toList();
    }

    /**
     * The first element this backend does not implement, or a synaptic sum that can exceed its fixed-point range
     * ({@link FixedPointRange}: then {@code auto} runs the network on Java, saying why, and {@code --backend opencl}
     * is an input error); null when it runs the network.
     */
    @Override
    public String unsupported(Network net) {
        String missing = unsupportedElement(net);
        if (missing != null) {
            return missing;
        }
        try {
            FixedPointRange.check(net);
        } catch (FixedPointRange.Refused e) {
            return "synaptic sums beyond its fixed-point range (" + e.problem() + ")";
        }
        return null;
    }

    private static String unsupportedElement(Network net) {
        for (PopulationSpec p : net.populations().values()) {
            if (!(p.model() instanceof LifCurrentNeuron) && !(p.model() instanceof LifConductanceNeuron)
                    && !(p.model() instanceof DiscreteLifNeuron) && !(p.model() instanceof ChialvoNeuron)
                    && !(p.model() instanceof org.spinel.neurons.NalsmLifNeuron)) {
                return "population \"" + p.name() + "\": neuron model " + p.model().name()
                        + " (implemented: lif-cuba, lif-coba, lif-discrete, lif-nalsm, chialvo)";
            }
        }
        for (PopulationSpec p : net.populations().values()) {
            if (p.model() instanceof ChialvoNeuron ch && ch.heterogeneous()) {
                return "population \"" + p.name() + "\": per-neuron Chialvo parameters";
            }
        }
        for (var c : net.currents()) {
            if (c.neurons() != null && java.util.Arrays.stream(c.neurons()).distinct().count() < c.neurons().length) {
                return "current \"" + c.name() + "\": a neuron listed twice";
            }
        }
        for (ProjectionSpec pr : net.projections().values()) {
            if (net.populations().get(pr.post()).model() instanceof ChialvoNeuron) {
                return "projection \"" + pr.name() + "\": event projections into map neurons";
            }
        }
        for (ProjectionSpec pr : net.projections().values()) {
            var pipe = pr.plasticity();
            if (pipe == null) {
                continue;
            }
            if (!(pipe.rule() instanceof StdpRule)) {
                return "projection \"" + pr.name() + "\": plasticity rule " + pipe.rule().describe() + " (implemented: STDP)";
            }
            if (pipe.projector() != null) {
                return "projection \"" + pr.name() + "\": plasticity projector " + pipe.projector().describe()
                        + " (projectors and per-trial plasticity run on the Java backend)";
            }
            if (pipe.application() != PlasticityPipeline.Application.ONLINE) {
                return "projection \"" + pr.name() + "\": per-trial plasticity application";
            }
            if (!(pipe.bounds() instanceof WeightBounds.None) && !(pipe.bounds() instanceof WeightBounds.Hard)) {
                return "projection \"" + pr.name() + "\": custom weight bounds (implemented: none, hard)";
            }
        }
        return null;
    }

    /**
     * On a CPU device the Java backend is faster for event-driven networks (docs/performance.md: per-command runtime
     * overhead and atomic delivery on the same cores); the exception is a network of fused Chialvo ring-stars only
     * (one double8 kernel per iteration, ~7x faster than Java on two cores). On a GPU: null.
     */
    @Override
    public String slowerThanJava(Network network) {
        OpenClDevice.Probe p = OpenClDevice.probe();
        if (p.chosen() == null || p.chosen().gpu()) {
            return null;
        }
        boolean allFused = !network.populations().isEmpty() && network.projections().isEmpty()
                && network.sources().isEmpty() && network.populations().values().stream()
                        .allMatch(pop -> OpenClSimulation.fusedRingStar(network, pop));
        return allFused ? null : "the OpenCL device is a CPU (" + p.chosen().name() + "), where the java backend runs "
                + "this network faster (docs/performance.md; --backend opencl runs it there anyway)";
    }

    @Override
    public Simulation compile(Network network, SimulationOptions options) {
        // the range is checked first thing by the simulation (a ParameterException, before anything is allocated)
        String missing = unsupportedElement(network);
        if (missing != null) {
            throw new UnsupportedOperationException("the opencl backend does not implement " + missing
                    + " yet: run it with --backend java (or auto)");
        }
        OpenClDevice.Probe p = OpenClDevice.probe();
        if (p.chosen() == null) {
            throw new UnsupportedOperationException("OpenCL is not available: " + p.reason());
        }
        try {
            return new OpenClSimulation(network, p.chosen());
        } catch (org.jocl.CLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ALLOCATION") || m.contains("OUT_OF") || m.contains("INVALID_BUFFER_SIZE")) {
                long[] mem = new long[1];
                org.jocl.CL.clGetDeviceInfo(p.chosen().device(), org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE, org.jocl.Sizeof.cl_long,
                        org.jocl.Pointer.to(mem), null);
                throw new org.spinel.networks.engine.SimulationException("the network does not fit on " + p.chosen().name()
                        + " (" + (mem[0] >> 20) + " MiB of device memory; " + m + "): the network holds "
                        + network.neuronCount() + " neurons and " + network.synapseCount() + " synapses ("
                        + (network.connectivityBytes() >> 20) + " MiB of connectivity, plus delay rings of 8 bytes per "
                        + "neuron and delay step, plus recording buffers); make it smaller, pick a device with more "
                        + "memory (SPINEL_OPENCL_DEVICE, see `spinel backends`) or run it with --backend java", e);
            }
            throw new org.spinel.networks.engine.SimulationException("OpenCL error on " + p.chosen().name() + ": " + m
                    + " (try --backend java, and report the network that caused it)", e);
        }
    }
}
