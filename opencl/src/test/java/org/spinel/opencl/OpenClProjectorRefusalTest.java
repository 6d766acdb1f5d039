package org.spinel.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.AllToAll;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.plasticity.StdpRule;
import org.spinel.plasticity.projection.ActivitySubspaceProjector;
import org.spinel.plasticity.projection.ComplementProjector;

/**
 * The OpenCL backend does not implement projectors: it names the projection and the projector, so that
 * {@code --backend opencl} fails saying so and {@code auto} runs the network on Java with that reason. The refusal
 * itself needs no device; the selection of {@code opencl} by name does (required under SPINEL_REQUIRE_OPENCL=1).
 */
class OpenClProjectorRefusalTest {
    static Network net(Projector projector) {
        return Network.builder().dt(0.5)
                .poissonSource("input", 3, 20)
                .population("E", 2, LifCurrentNeuron.cuba())
                .projection("learned", "input", "E", p -> p.target("ge").topology(new AllToAll(true)).weight(1)
                        .plasticity(new PlasticityPipeline(StdpRule.builder().build(), List.of(), projector,
                                WeightBounds.none(), PlasticityPipeline.Application.PER_TRIAL)))
                .build();
    }

    @Test
    void unsupportedNamesTheProjectionAndTheProjector() {
        for (Projector p : List.of(new ComplementProjector(List.of(new double[] {1, 1, 0})),
                ActivitySubspaceProjector.energy(0.97))) {
            String why = new OpenClBackend().unsupported(net(p));
            assertTrue(why != null && why.contains("projection \"learned\"") && why.contains(p.describe()), why);
            var sel = Backends.select("auto", net(p));
            assertEquals("java", sel.backend().name());
            if (new OpenClBackend().availability().available()) {
                assertTrue(sel.reason().contains("opencl: does not implement " + why), sel.reason());
            }
        }
        String perTrial = new OpenClBackend().unsupported(net(null));
        assertTrue(perTrial.contains("per-trial") && !perTrial.contains("projector"), perTrial);
    }

    @Test
    void namingOpenClFailsWithTheProjector() {
        boolean have = OpenClDevice.probe().chosen() != null;
        if ("1".equals(System.getenv("SPINEL_REQUIRE_OPENCL"))) {
            assertTrue(have, "SPINEL_REQUIRE_OPENCL=1 but no OpenCL device: " + OpenClDevice.probe().reason());
        }
        assumeTrue(have, "no OpenCL device");
        Projector p = ActivitySubspaceProjector.rankPerTask(1);
        ParameterException e = assertThrows(ParameterException.class, () -> Backends.select("opencl", net(p)));
        assertTrue(e.getMessage().contains("projection \"learned\"") && e.getMessage().contains(p.describe()),
                e.getMessage());
        UnsupportedOperationException c = assertThrows(UnsupportedOperationException.class,
                () -> new OpenClBackend().compile(net(p), SimulationOptions.threads(1)));
        assertTrue(c.getMessage().contains(p.describe()), c.getMessage());
    }
}
