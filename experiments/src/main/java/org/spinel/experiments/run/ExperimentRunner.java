package org.spinel.experiments.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.Protocols;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.ValidationError;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs an {@link Experiment} with its {@link Protocol} (found by {@link Protocols}) and writes its run directory
 * {@code <out>/<name>/<UTC timestamp>-<experiment hash>[-k]/} atomically ({@link RunDirectory}): the protocol fills
 * the working directory with its exports and plots; then this class, the same for every protocol, writes
 * {@code metrics.json} and {@code manifest.json} (listing every file of the directory) and publishes it. A failed
 * run leaves nothing behind, except the working directory of a resumable run that holds a checkpoint.
 */
public final class ExperimentRunner {
    /**
     * @param quick    shorten the run as {@code --quick} does (an experiment read with {@code /quick} true already is)
     * @param progress show a progress bar
     * @param log      where to print messages (the result location, backend choice), or null for nowhere
     * @param resume   a run directory or checkpoint to continue from (a protocol that resumes), or null
     */
    public record Options(boolean quick, boolean progress, PrintStream log, Path resume) {
        /** Options without a checkpoint to resume from. */
        public Options(boolean quick, boolean progress, PrintStream log) {
            this(quick, progress, log, null);
        }
    }

    /**
     * The outcome of a run.
     *
     * @param directory the run directory
     * @param metrics   the metrics written to metrics.json
     */
    public record Result(Path directory, ObjectNode metrics) {
    }

    private ExperimentRunner() {
    }

    /**
     * Whether this process is stopping on a signal (SIGINT, SIGTERM): the shutdown hook is removing the working
     * directories of the runs in progress, and a run that fails now failed because of that (a sweep does not
     * record such a point as failed).
     */
    public static boolean stopping() {
        return RunsInProgress.stopping();
    }

    /** Runs {@code e} and writes its directory under {@code outRoot/<name>/}. */
    public static Result run(Experiment e, Path outRoot, Options options) throws IOException {
        if (options.quick() && !e.quick()) {
            e = ExperimentReader.read(e.resolved(), Map.of("/quick", "true"));
        }
        Protocol<?> p = Protocols.get(e.protocol());
        if (options.resume() != null && !p.resumes()) {
            throw new ExperimentException(List.of(new ValidationError("", "--resume " + options.resume(),
                    "no --resume: the " + p.name() + " protocol does not continue from a checkpoint (protocols that do: "
                            + Protocols.names().stream().filter(n -> Protocols.get(n).resumes()).toList() + ")")));
        }
        return runWith(p, e, outRoot, options);
    }

    @SuppressWarnings("unchecked")
    private static <S> Result runWith(Protocol<S> p, Experiment e, Path outRoot, Options options) throws IOException {
        // The commit is looked up (and kept) before the run: a long run must not record a HEAD that moved meanwhile.
        GitCommit.get();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String hash = Identity.hash(e.resolved());
        Path parent = outRoot.resolve(e.name());
        boolean parentExisted = Files.isDirectory(parent);
        S settings = (S) e.settings();
        if (e.quick()) {
            settings = p.quick(settings);
        }
        Context ctx = new Context(p, parent, start, hash, options);
        try {
            Outcome out = p.run(e, settings, ctx);
            Path work = ctx.directory();
            Manifest.writeJson(work.resolve("metrics.json"), out.metrics());
            List<String> files = files(work);
            new Manifest(ctx.runId(), out.execution(), start, t0, hash, ctx.datasets).write(work, e, files,
                    out.metrics());
            Path dir = ctx.dir.publish();
            return new Result(dir, out.metrics());
        } catch (IOException | RuntimeException | Error ex) {
            // Before the working directory goes: a full disk is reported with the file being written.
            NoSpaceLeftException full = NoSpaceLeftException.of(ex, ctx.dir != null ? ctx.dir.work() : parent);
            if (ctx.dir != null && !ctx.keep && !ctx.dir.continued()) {
                ctx.dir.discard();
            }
            if (ctx.dir != null) {
                RunsInProgress.remove(ctx.dir);
            }
            if (!parentExisted) {
                try (Stream<Path> s = Files.list(parent)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(parent);
                    }
                } catch (IOException ignored) {
                    // nothing was created, or it is in use
                }
            }
            if (full != null) {
                throw full;
            }
            throw ex;
        }
    }

    /** Every file under {@code dir} (relative, '/'-separated, sorted), the manifest and the owner file excepted. */
    private static List<String> files(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("manifest.json") && !f.equals(RunDirectory.OWNER)).sorted().forEach(out::add);
        }
        return out;
    }

    /** The {@link RunContext} of one run: the working directory is reserved when first asked for. */
    private static final class Context implements RunContext {
        private final Protocol<?> protocol;
        private final Path parent;
        private final Instant start;
        private final String hash;
        private final Options options;
        private final PrintStream log;
        private final ArrayNode datasets = ExperimentReader.MAPPER.createArrayNode();
        private RunDirectory dir;
        private volatile boolean keep;

        Context(Protocol<?> protocol, Path parent, Instant start, String hash, Options options) {
            this.protocol = protocol;
            this.parent = parent;
            this.start = start;
            this.hash = hash;
            this.options = options;
            this.log = options.log() != null ? options.log() : new PrintStream(OutputStream.nullOutputStream());
        }

        private RunDirectory reserved() {
            if (dir == null) {
                try {
                    RunDirectory c = RunDirectory.continued(options.resume(), parent);
                    if (c != null) {
                        RunDirectory.writeOwner(c.work());
                    }
                    RunDirectory d = c != null ? c : RunDirectory.reserve(parent, start, hash, protocol.resumes());
                    try {
                        RunsInProgress.add(d, () -> keep || d.continued());
                    } catch (IOException ex) {
                        if (!d.continued()) {
                            d.discard();
                        }
                        throw ex;
                    }
                    dir = d;
                    RunDirectory.cleanStale(parent, d.work(), log);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }
            return dir;
        }

        @Override
        public Path directory() {
            return reserved().work();
        }

        @Override
        public String runId() {
            return reserved().id();
        }

        @Override
        public boolean progress() {
            return options.progress();
        }

        @Override
        public PrintStream log() {
            return log;
        }

        @Override
        public Path resume() {
            return options.resume();
        }

        @Override
        public boolean resumedInPlace() {
            return reserved().continued();
        }

        @Override
        public void keepOnFailure() {
            keep = true;
        }

        @Override
        public void dataset(String role, Path file) throws IOException {
            ObjectNode d = datasets.addObject();
            d.put("role", role);
            d.put("file", file.toAbsolutePath().normalize().toString());
            d.put("bytes", Files.size(file));
            d.put("sha256", DatasetDigests.sha256(file));
        }
    }
}
