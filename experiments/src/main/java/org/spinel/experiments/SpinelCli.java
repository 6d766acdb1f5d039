package org.spinel.experiments;

import org.spinel.experiments.cli.BackendsCommand;
import org.spinel.experiments.cli.BenchCommand;
import org.spinel.experiments.cli.InspectCommand;
import org.spinel.experiments.cli.RunCommand;
import org.spinel.experiments.cli.SweepCommand;
import org.spinel.experiments.cli.ValidateCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spinel} command line. */
@Command(name = "spinel", mixinStandardHelpOptions = true, versionProvider = SpinelVersion.class,
        description = "Spinel: spiking and neuromorphic learning simulator.",
        subcommands = {RunCommand.class, ValidateCommand.class, SweepCommand.class, InspectCommand.class,
                BackendsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class SpinelCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Entry point: exit code 0 ok, 2 invalid input, 1 run failure. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SpinelCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("spinel: invalid input: " + ex.getMessage());
                return 2;
            }
            cmd.getErr().println("spinel: run failed: " + ex);
            if (System.getenv("SPINEL_TRACE") != null) {
                ex.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(set SPINEL_TRACE=1 for the stack trace)");
            }
            return 1;
        });
        return cl.execute(args);
    }
}
