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

    private static String lookUp() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) {
                return "unknown";
            }
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
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
