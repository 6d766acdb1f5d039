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
 * What the OpenCL backend implements and what it reports it lacks (no device needed). Astrocyte-modulated STDP with
 * the NALSM options, NALSM's neuron model and external sources are implemented ({@link OpenClBackend#unsupported}
 * returns null); a per-trial pipeline and custom weight bounds are named (projection and feature), so that
 * {@code --backend opencl} fails saying why and {@code auto} runs the network on the Java backend and says why.
 */
class OpenClUnsupportedTest {
    static Network net(boolean astrocyte) {
        return net(astrocyte, WeightBounds.hard(-3, 0), PlasticityPipeline.Application.ONLINE);
    }

    static Network net(boolean astrocyte, WeightBounds bounds, PlasticityPipeline.Application application) {
        StdpRule rule = StdpRule.builder().aPlus(0.15).aMinus(0.15).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                .simultaneous(StdpRule.Simultaneous.IGNORED).presynaptic(StdpRule.Presynaptic.INHIBITORY).build();
        var mods = astrocyte ? List.<org.spinel.networks.plasticity.Modulator>of(AstrocyteModulator.builder()
                .feed("E", 1).feed("input", -1).build()) : List.<org.spinel.networks.plasticity.Modulator>of();
        return Network.builder().dt(1)
                .population("E", 5, LifCurrentNeuron.cuba())
                .poissonSource("input", 5, 10)
                .projection("inE", "input", "E", p -> p.target("ge").topology(new OneToOne()).weight(1)
                        .plasticity(new PlasticityPipeline(rule, mods, null, bounds, application)))
                .build();
    }

    @Test
    void astrocyteModulatedAndNalsmStdpAreImplemented() {
        assertNull(new OpenClBackend().unsupported(net(true)), "astrocyte-modulated STDP runs on OpenCL");
        assertNull(new OpenClBackend().unsupported(net(false)), "NALSM STDP options run on OpenCL");
    }

    /** NALSM's neuron model and the protocol's external input are implemented. */
    @Test
    void nalsmNeuronAndExternalSourcesAreImplemented() {
        Network nalsm = Network.builder().dt(1).population("E", 5, org.spinel.neurons.NalsmLifNeuron.nalsm()).build();
        assertNull(new OpenClBackend().unsupported(nalsm));
        Network ext = Network.builder().dt(1).externalSource("pixels", 4).population("E", 4, LifCurrentNeuron.cuba())
                .projection("p", "pixels", "E", p -> p.target("ge").topology(new OneToOne()).weight(1)).build();
        assertNull(new OpenClBackend().unsupported(ext));
    }

    @Test
    void perTrialPlasticityAndCustomBoundsAreNamed() {
        String perTrial = new OpenClBackend().unsupported(net(true, WeightBounds.hard(-3, 0),
                PlasticityPipeline.Application.PER_TRIAL));
        assertEquals("projection \"inE\": per-trial plasticity application", perTrial);
        String custom = new OpenClBackend().unsupported(net(false, (synapse, w) -> Math.max(w, -1),
                PlasticityPipeline.Application.ONLINE));
        assertEquals("projection \"inE\": custom weight bounds (implemented: none, hard)", custom);
    }

    /** {@code --backend opencl} refuses a network it lacks a part of, naming it; {@code auto} runs Java and says why. */
    @Test
    void requestedOpenClFailsNamingWhatItLacksAndAutoFallsBackToJava() {
        Network perTrial = net(false, WeightBounds.none(), PlasticityPipeline.Application.PER_TRIAL);
        boolean available = new OpenClBackend().availability().available();
        ParameterException e = assertThrows(ParameterException.class, () -> Backends.select("opencl", perTrial));
        assertTrue(e.getMessage().contains(available ? "\"opencl\" does not implement projection \"inE\": per-trial "
                + "plasticity application" : "\"opencl\" is not available here"), e.getMessage());
        // Compiling checks what the network needs before looking for a device, so it names the projection either way.
        UnsupportedOperationException c = assertThrows(UnsupportedOperationException.class,
                () -> new OpenClBackend().compile(perTrial, org.spinel.networks.engine.SimulationOptions.threads(1)));
        assertTrue(c.getMessage().contains("projection \"inE\""), c.getMessage());
        Backends.Selection auto = Backends.select("auto", perTrial);
        assertEquals("java", auto.backend().name());
        String why = available ? "opencl: does not implement projection \"inE\"" : "opencl: ";
        assertTrue(auto.reason().startsWith("auto: java (") && auto.reason().contains(why), auto.reason());
        assertNull(new OpenClBackend().unsupported(net(true)));
    }
}
