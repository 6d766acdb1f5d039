package org.spinel.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.OneToOne;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.plasticity.AstrocyteModulator;
import org.spinel.plasticity.StdpRule;

/**
 * What the OpenCL backend reports it lacks (no device needed): an astrocyte-modulated pipeline is named, so that
 * {@code auto} falls back to Java and {@code --backend opencl} fails saying why; the NALSM STDP options alone are
 * implemented.
 */
class OpenClUnsupportedTest {
    static Network net(boolean astrocyte) {
        StdpRule rule = StdpRule.builder().aPlus(0.15).aMinus(0.15).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                .simultaneous(StdpRule.Simultaneous.IGNORED).presynaptic(StdpRule.Presynaptic.INHIBITORY).build();
        var mods = astrocyte ? List.<org.spinel.networks.plasticity.Modulator>of(AstrocyteModulator.builder()
                .feed("E", 1).feed("input", -1).build()) : List.<org.spinel.networks.plasticity.Modulator>of();
        return Network.builder().dt(1)
                .population("E", 5, LifCurrentNeuron.cuba())
                .poissonSource("input", 5, 10)
                .projection("inE", "input", "E", p -> p.target("ge").topology(new OneToOne()).weight(1)
                        .plasticity(new PlasticityPipeline(rule, mods, null, WeightBounds.hard(-3, 0),
                                PlasticityPipeline.Application.ONLINE)))
                .build();
    }

    @Test
    void astrocyteModulatedAndNalsmStdpAreImplemented() {
        assertNull(new OpenClBackend().unsupported(net(true)), "astrocyte-modulated STDP runs on OpenCL");
        assertNull(new OpenClBackend().unsupported(net(false)), "NALSM STDP options run on OpenCL");
    }

    /** NALSM's neuron model and the protocol's external input are implemented (the astrocyte above is not). */
    @Test
    void nalsmNeuronAndExternalSourcesAreImplemented() {
        Network nalsm = Network.builder().dt(1).population("E", 5, org.spinel.neurons.NalsmLifNeuron.nalsm()).build();
        assertNull(new OpenClBackend().unsupported(nalsm));
        Network ext = Network.builder().dt(1).externalSource("pixels", 4).population("E", 4, LifCurrentNeuron.cuba())
                .projection("p", "pixels", "E", p -> p.target("ge").topology(new OneToOne()).weight(1)).build();
        assertNull(new OpenClBackend().unsupported(ext));
    }
}
