package org.spinel.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code spinel validate FILE...}: checks experiments without running them; exit 2 if any is invalid. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate experiments (every problem, with its JSON pointer); nothing runs, nothing is written.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Experiment JSON files.")
    List<Path> files;
    @Mixin
    ExperimentOptions options = new ExperimentOptions();

    @Override
    public Integer call() {
        int bad = 0;
        for (Path f : files) {
            try {
                Experiment e = options.read(f);
                System.out.println(f + ": ok (" + e.name() + ", " + e.durationMs() + " ms, backend " + e.backend()
                        + (e.sweep() != null ? ", sweep" : "") + ")");
            } catch (ExperimentException ex) {
                bad++;
                System.err.println(f + ": " + ex.getMessage());
            }
        }
        return bad == 0 ? 0 : 2;
    }
}
