package org.spinel.experiments.train;

import java.io.IOException;
import java.util.List;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.EpTrainReader;
import org.spinel.experiments.spec.EpTrainSpec;
import org.spinel.experiments.spec.Experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code ep-train} protocol ({@link EpTrainRunner}; settings read by {@link EpTrainReader}): equilibrium
 * propagation on a layered relaxing rate network. Its network is its own ({@code /protocol/network}); it has no time
 * base (one presentation is one relaxation, counted in steps), so the resolved top-level {@code dt} and
 * {@code duration} are 1 and 0.
 * {@code --quick}: 2 epochs and at most 128 validation images, 512 training and 256 test images (as {@code train}).
 * It resumes from its checkpoint ({@code --resume}).
 */
public final class EpTrainProtocol implements Protocol<EpTrainSpec> {
    @Override
    public String name() {
        return "ep-train";
    }

    @Override
    public boolean ownsNetwork() {
        return true;
    }

    @Override
    public EpTrainSpec read(ProtocolInput in) {
        return EpTrainReader.read(in.protocol(), in.problems()); // no time base: dt 1, duration 0 in the resolved form
    }

    @Override
    public EpTrainSpec quick(EpTrainSpec settings) {
        return EpTrainRunner.quick(settings);
    }

    @Override
    public boolean resumes() {
        return true;
    }

    @Override
    public List<String> machineLocal() {
        return List.of("/protocol/dataset/directory");
    }

    @Override
    public Outcome run(Experiment e, EpTrainSpec settings, RunContext run) throws IOException {
        return EpTrainRunner.run(e, settings, run);
    }

    @Override
    public String summary(ObjectNode metrics) {
        return "test accuracy " + String.format("%.4f", metrics.path("final_test_accuracy").asDouble()) + " after "
                + metrics.path("epochs").asInt() + " epochs, " + String.format("%.2f",
                        metrics.path("seconds_per_epoch").asDouble()) + " s of training per epoch, free phases "
                + String.format("%.4f", metrics.path("final_train_free_not_converged_fraction").asDouble())
                + " not converged";
    }
}
