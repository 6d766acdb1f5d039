package org.spinel.experiments.continual;

import java.io.IOException;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code continual} protocol: a sequence of tasks (permuted or split Fashion-MNIST/MNIST) learnt by one
 * network, with surrogate-gradient credit (a spiking network) or equilibrium-propagation credit (a relaxing rate
 * network), with the blocks' projectors (HLOP) or a baseline, scored by the accuracy matrix and
 * the continual-learning metrics ({@link ContinualRunner}; settings read by {@link ContinualReader}). Its network is
 * its own ({@code /protocol/network}, as in {@code train}). {@code --quick}: 3 tasks × 300 training and 100 test
 * images, 1 epoch per task. It does not resume.
 */
public final class ContinualProtocol implements Protocol<ContinualSpec> {
    @Override
    public String name() {
        return "continual";
    }

    @Override
    public boolean ownsNetwork() {
        return true;
    }

    @Override
    public ContinualSpec read(ProtocolInput in) {
        ContinualSpec spec = ContinualReader.read(in.protocol(), in.problems(), in.backend());
        if (spec != null && spec.train() != null) {
            in.timeBase(spec.train().dtMs(), spec.train().steps() * spec.train().dtMs());
        }
        return spec;
    }

    @Override
    public ContinualSpec quick(ContinualSpec settings) {
        return ContinualRunner.quick(settings);
    }

    @Override
    public java.util.List<String> machineLocal() {
        return java.util.List.of("/protocol/dataset/directory");
    }

    @Override
    public Outcome run(Experiment e, ContinualSpec settings, RunContext run) throws IOException {
        return ContinualRunner.run(e, settings, run);
    }

    @Override
    public String summary(ObjectNode m) {
        return m.path("method").asText() + " on " + m.path("tasks").asInt() + " tasks: ACC " + String.format("%.4f",
                m.path("acc").asDouble()) + (m.has("bwt") ? String.format(", BWT %.4f, forgetting %.4f",
                        m.path("bwt").asDouble(), m.path("forgetting").asDouble()) : "");
    }
}
