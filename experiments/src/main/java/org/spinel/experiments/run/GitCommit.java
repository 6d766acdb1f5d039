package org.spinel.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit of the working directory, when git and a repository are there ("unknown" otherwise). */
final class GitCommit {
    private static volatile String cached;

    private GitCommit() {
    }

    static String get() {
        String c = cached;
        if (c == null) {
            c = lookUp();
            cached = c;
        }
        return c;
    }

    /**
     * A git command whose stderr is discarded and whose environment has no {@code LD_PRELOAD}: the launcher preloads
     * the JVM's libjsig for OpenCL, and git would otherwise print the loader's warning (which, read as output, made
     * every manifest record "unknown").
     */
    private static ProcessBuilder git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("LD_PRELOAD");
        return pb;
    }

    private static String lookUp() {
        try {
            Process p = git("rev-parse", "HEAD").start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) {
                return "unknown";
            }
            Process d = git("status", "--porcelain", "--untracked-files=no").start();
            boolean dirty = d.waitFor(2, TimeUnit.SECONDS) && d.getInputStream().readAllBytes().length > 0;
            return dirty ? out + "-dirty" : out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
