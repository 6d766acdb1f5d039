package org.spinel.experiments.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The manifest's commit: in a git checkout it is the checkout's HEAD, also when the JVM runs with the launcher's
 * {@code LD_PRELOAD} (surefire sets it too), under which git prints a loader warning on stderr.
 */
class GitCommitTest {
    @Test
    void theCommitIsHeadEvenUnderThePreloadedSignalLibrary() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("git", "rev-parse", "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("LD_PRELOAD");
        String head;
        try {
            Process p = pb.start();
            assumeTrue(p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0, "not a git checkout");
            head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException e) {
            assumeTrue(false, "git is not installed");
            return;
        }
        String c = GitCommit.get();
        assertTrue(c.equals(head) || c.equals(head + "-dirty"), c + " vs HEAD " + head);
    }
}
