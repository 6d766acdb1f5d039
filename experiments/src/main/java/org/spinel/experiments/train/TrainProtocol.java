package org.spinel.experiments.train;

import java.io.IOException;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.TrainReader;
import org.spinel.experiments.spec.TrainSpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code train} protocol ({@link TrainRunner}; settings read by {@link TrainReader}). Its network is its own
 * ({@code /protocol/network}), its time base {@code /protocol/dt} × {@code /protocol/steps}. {@code --quick}: 2
 * epochs and at most 128 validation images ({@link TrainRunner#quick}), 512 training and 256 test images (capped when
 * the dataset is loaded, since they depend on its size). It resumes from its checkpoint ({@code --resume}).
 */
public final class TrainProtocol implements Protocol<TrainSpec> {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public boolean ownsNetwork() {
        return true;
    }

    @Override
    public TrainSpec read(ProtocolInput in) {
        TrainSpec spec = TrainReader.read(in.protocol(), in.problems(), in.backend());
        if (spec != null) {
            in.timeBase(spec.dtMs(), spec.steps() * spec.dtMs());
        }
        return spec;
    }

    @Override
    public TrainSpec quick(TrainSpec settings) {
        return TrainRunner.quick(settings);
    }

    @Override
    public boolean resumes() {
        return true;
    }

    @Override
    public java.util.List<String> machineLocal() {
        return java.util.List.of("/protocol/dataset/directory");
    }

    @Override
    public Outcome run(Experiment e, TrainSpec settings, RunContext run) throws IOException {
        return TrainRunner.run(e, settings, run);
    }

    @Override
    public String summary(ObjectNode metrics) {
        return "test accuracy " + String.format("%.4f", metrics.path("final_test_accuracy").asDouble()) + " after "
                + metrics.path("epochs").asInt() + " epochs, " + String.format("%.2f",
                        metrics.path("seconds_per_epoch").asDouble()) + " s of training per epoch";
    }
}
