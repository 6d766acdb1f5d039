package org.spinel.experiments.lsm;

import java.io.IOException;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.LsmClassificationReader;
import org.spinel.experiments.spec.LsmClassificationSpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code lsm-classification} protocol ({@link LsmClassificationRunner}; settings read by
 * {@link LsmClassificationReader}). {@code --quick} caps the duration at {@link Protocol#QUICK_STEPS} steps and uses
 * the spec's quick sizes ({@link LsmClassificationSpec#shortened()}).
 */
public final class LsmClassificationProtocol implements Protocol<LsmClassificationSpec> {
    @Override
    public String name() {
        return "lsm-classification";
    }

    @Override
    public LsmClassificationSpec read(ProtocolInput in) {
        return LsmClassificationReader.read(in.protocol(), in.models(), in.sourceTypes(), in.sizes(), in.durationMs(),
                in.dt(), in.problems());
    }

    @Override
    public LsmClassificationSpec quick(LsmClassificationSpec settings) {
        return settings.shortened();
    }

    @Override
    public java.util.List<String> machineLocal() {
        return java.util.List.of("/protocol/dataset/directory");
    }

    @Override
    public Outcome run(Experiment e, LsmClassificationSpec settings, RunContext run) throws IOException {
        return LsmClassificationRunner.run(e, settings, run);
    }

    @Override
    public String summary(ObjectNode metrics) {
        return "test accuracy " + String.format("%.4f", metrics.path("test_accuracy").asDouble())
                + " at the best validation epoch, in " + String.format("%.1f", metrics.path("run_s").asDouble()) + " s";
    }
}
