package org.spinel.experiments.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.ValidationError;

import picocli.CommandLine.Option;

/** Options shared by commands that read an experiment: overrides applied to the document before validation. */
public final class ExperimentOptions {
    /** Longest run in --quick mode, in steps. */
    public static final int QUICK_STEPS = org.spinel.experiments.protocol.Protocol.QUICK_STEPS;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Set a value by JSON pointer before validation, e.g. --set /projections/0/weight=\"2 mV\" "
                    + "(VALUE is JSON if the whole of it is one JSON value, else a string; then checked exactly as "
                    + "the file's value there, units included: /duration=\"5 s\" is 5000 ms). Repeatable.")
    List<String> sets = List.of();
    @Option(names = "--seed", description = "Root seed (same as --set /seed=N).")
    Long seed;
    @Option(names = "--backend", description = "Backend: java, opencl or auto (same as --set /backend=NAME).")
    String backend;
    @Option(names = "--threads", description = "Worker threads of the Java backend (same as --set /threads=N; at "
            + "most the available processors: more are capped with a warning).")
    Integer threads;
    @Option(names = "--quick", description = "Shorten the run to at most " + QUICK_STEPS + " steps (smoke test, CI); "
            + "train: at most 512 training and 256 test images, 2 epochs. Same as --set /quick=true: the manifest "
            + "records it, and re-running the manifest repeats the quick run.")
    boolean quick;

    /** The overrides as pointer → value text. */
    Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ExperimentException(List.of(new ValidationError("", "--set " + s,
                        "PATH=VALUE with PATH a JSON pointer such as /duration")));
            }
            m.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        if (seed != null) {
            m.put("/seed", seed.toString());
        }
        if (backend != null) {
            m.put("/backend", "\"" + backend + "\"");
        }
        if (threads != null) {
            m.put("/threads", threads.toString());
        }
        if (quick) {
            m.put("/quick", "true");
        }
        return m;
    }

    /**
     * Reads and validates {@code file} with the overrides ({@code --quick} included: the reader applies the
     * protocol's quick reductions to the document, so the resolved experiment records them) and the thread cap (at
     * most the available processors, with a warning: {@link ThreadCap}).
     */
    Experiment read(Path file) {
        Map<String, String> o = overrides();
        Experiment e = ExperimentReader.read(file, o);
        int threads = ThreadCap.cap(this.threads != null ? "--threads" : "/threads", e.threads(), System.err);
        if (threads != e.threads()) {
            o.put("/threads", Integer.toString(threads));
            e = ExperimentReader.read(file, o);
        }
        return e;
    }
}
