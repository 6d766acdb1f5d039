package org.spinel.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.spinel.experiments.protocol.Protocols;
import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ValidationError;

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
        if (e.sweep() != null) {
            if (resume != null) {
                throw new ExperimentException(List.of(new ValidationError("", "--resume " + resume,
                        "no --resume with a sweep: a sweep resumes by running it again (finished points are skipped); "
                                + "--resume continues one run")));
            }
            return SweepCommand.runSweep(e, file, options, output.out, output.progress());
        }
        ExperimentRunner.Result r = ExperimentRunner.run(e, output.out, new ExperimentRunner.Options(false,
                output.progress(), System.err, resume));
        System.out.println("spinel: " + e.name() + " done: " + Protocols.get(e.protocol()).summary(r.metrics()));
        System.out.println("spinel: results in " + r.directory() + " (manifest.json, metrics.json, exports, *.png plots)");
        return 0;
    }
}
