package org.spinel.experiments;

import java.io.PrintWriter;

import org.spinel.experiments.cli.BackendsCommand;
import org.spinel.experiments.cli.BenchCommand;
import org.spinel.experiments.cli.InspectCommand;
import org.spinel.experiments.cli.ReportCommand;
import org.spinel.experiments.cli.RunCommand;
import org.spinel.experiments.cli.SweepCommand;
import org.spinel.experiments.cli.ValidateCommand;
import org.spinel.experiments.datasets.DatasetNotFoundException;
import org.spinel.experiments.datasets.IdxFormatException;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.neurons.ParameterException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spinel} command line. */
@Command(name = "spinel", mixinStandardHelpOptions = true, versionProvider = SpinelVersion.class,
        description = "Spinel: spiking and neuromorphic learning simulator.",
        subcommands = {RunCommand.class, ValidateCommand.class, SweepCommand.class, InspectCommand.class,
                BackendsCommand.class, BenchCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class SpinelCli implements Runnable {
    /** Exit code of a run that failed: a run failure or an internal error. */
    public static final int EXIT_FAILED = 1;
    /** Exit code of invalid input (nothing is written). */
    public static final int EXIT_INPUT = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Entry point: exit code 0 ok, 2 invalid input, 1 run failure or internal error. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Whether {@code ex} reports invalid input (exit 2): a problem in the experiment or a command-line value
     * ({@link ExperimentException}, with JSON pointers), a parameter a model or backend refused
     * ({@link ParameterException}), a dataset that is missing or malformed ({@link DatasetNotFoundException},
     * {@link IdxFormatException}). Anything else is a run failure or an internal error (exit 1).
     */
    public static boolean isInputError(Throwable ex) {
        return ex instanceof ExperimentException || ex instanceof ParameterException
                || ex instanceof DatasetNotFoundException || ex instanceof IdxFormatException
                || ex instanceof CommandLine.ParameterException;
    }

    /**
     * Whether {@code ex} is a run failure with its own message (exit 1, "run failed"): an I/O error (disk full,
     * unreadable file), a simulation that blew up or a training that diverged. Any other exception is an internal
     * error (exit 1, "internal error": a bug to report).
     */
    static boolean isRunFailure(Throwable ex) {
        return ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                || ex instanceof org.spinel.networks.engine.SimulationException
                || ex instanceof org.spinel.neurons.NonFiniteStateException
                || ex instanceof org.spinel.experiments.train.TrainingDivergedException;
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SpinelCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cmd.getErr()));
        return cl.execute(args);
    }

    /** Prints {@code ex} on {@code err} as one line (the stack trace only under SPINEL_TRACE=1); the exit code. */
    static int report(Throwable ex, PrintWriter err) {
        String trace = System.getenv("SPINEL_TRACE");
        boolean traced = trace != null && !trace.isEmpty() && !trace.equals("0");
        String hint = traced ? "" : " (set SPINEL_TRACE=1 for the stack trace)";
        int code;
        if (org.spinel.experiments.run.ExperimentRunner.stopping()) {
            // the failure is the signal's doing (its working directory was removed under it): said once, by the hook
            err.println("spinel: run stopped by a signal");
            code = EXIT_FAILED;
        } else if (isInputError(ex)) {
            err.println("spinel: invalid input: " + ex.getMessage());
            code = EXIT_INPUT;
        } else if (org.spinel.experiments.run.NoSpaceLeftException.of(ex, null) != null) {
            // a full disk (the run's own failures come as NoSpaceLeftException; a sweep's index, say, does not)
            err.println("spinel: run failed: " + org.spinel.experiments.run.NoSpaceLeftException.of(ex, null)
                    .getMessage() + " (free some space and run again)");
            code = EXIT_FAILED;
        } else if (isRunFailure(ex)) {
            err.println("spinel: run failed: " + ex + hint);
            code = EXIT_FAILED;
        } else {
            err.println("spinel: internal error: " + ex + hint);
            code = EXIT_FAILED;
        }
        if (traced) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
