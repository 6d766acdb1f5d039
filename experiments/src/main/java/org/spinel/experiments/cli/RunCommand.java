package org.spinel.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spinel run FILE}: validates, runs and writes a run directory (a manifest.json re-runs its experiment). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a JSON experiment (or re-run a manifest.json) and write runs/<name>/<timestamp>-<hash>/.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Experiment JSON, or a manifest.json of an earlier run.")
    Path file;
    @Mixin
    ExperimentOptions options = new ExperimentOptions();
    @Mixin
    OutputOptions output = new OutputOptions();
    @Option(names = "--resume", paramLabel = "RUN_DIR|CHECKPOINT",
            description = "Continue a train run from its checkpoint: a finished run directory, the hidden "
                    + ".incomplete-<id> directory a stopped run left (training continues in it), or a checkpoint.h5.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        Experiment e = options.read(file);
        if (resume != null && !"train".equals(e.protocol())) {
            throw new IllegalArgumentException("--resume " + resume + ": only the train protocol resumes from a "
                    + "checkpoint; this experiment's protocol is " + e.protocol());
        }
        if (e.sweep() != null) {
            if (resume != null) {
                throw new IllegalArgumentException("--resume " + resume + ": a sweep resumes by running it again "
                        + "(finished points are skipped); --resume continues one train run");
            }
            return SweepCommand.runSweep(e, file, options, output.out, output.progress());
        }
        ExperimentRunner.Result r = ExperimentRunner.run(e, output.out, new ExperimentRunner.Options(options.quick,
                output.progress(), System.err, resume));
        if ("train".equals(e.protocol())) {
            System.out.println("spinel: " + e.name() + " done: test accuracy " + String.format("%.4f",
                    r.metrics().path("final_test_accuracy").asDouble()) + " after " + r.metrics().path("epochs")
                    .asInt() + " epochs, " + String.format("%.2f", r.metrics().path("seconds_per_epoch").asDouble())
                    + " s of training per epoch");
        } else if ("map-scan".equals(e.protocol())) {
            System.out.println("spinel: " + e.name() + " done: " + r.metrics().path("orbits").asLong() + " orbits in "
                    + String.format("%.3f", r.metrics().path("run_s").asDouble()) + " s; regimes "
                    + r.metrics().path("regimes"));
        } else if ("lsm-classification".equals(e.protocol())) {
            System.out.println("spinel: " + e.name() + " done: test accuracy " + String.format("%.4f",
                    r.metrics().path("test_accuracy").asDouble()) + " at the best validation epoch, in "
                    + String.format("%.1f", r.metrics().path("run_s").asDouble()) + " s");
        } else {
            System.out.println("spinel: " + e.name() + " done: " + r.metrics().path("spikes").asLong() + " spikes in "
                    + String.format("%.3f", r.metrics().path("run_s").asDouble()) + " s of run time");
        }
        System.out.println("spinel: results in " + r.directory() + " (manifest.json, metrics.json, exports, *.png plots)");
        return 0;
    }
}
