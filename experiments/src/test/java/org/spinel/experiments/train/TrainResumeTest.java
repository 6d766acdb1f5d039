package org.spinel.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} is honest about what changed: resuming a run unchanged (a {@code --quick} run, whose resolved
 * document records the reductions) warns of nothing; a changed training setting is named with its old and new value.
 */
class TrainResumeTest {
    @TempDir
    static Path data;
    @TempDir
    Path tmp;

    @BeforeAll
    static void dataset() throws Exception {
        TinyImages.write(data, 600, 100);
    }

    /** A small training: 784-16-10, 20 steps, batches of 128, 2 epochs. */
    private Path file() throws Exception {
        Path f = tmp.resolve("tiny.json");
        Files.writeString(f, "{\"name\": \"tiny\", \"seed\": 3, \"protocol\": {\"type\": \"train\", \"dataset\": "
                + "{\"name\": \"mnist\", \"directory\": \"" + data.toString().replace("\\", "\\\\") + "\"}, "
                + "\"steps\": 20, \"network\": {\"inputs\": 784, \"layers\": [{\"size\": 16}, {\"size\": 10, "
                + "\"spiking\": false}]}, \"optimizer\": {\"type\": \"adam\", \"lr\": 0.002}, \"epochs\": 2, "
                + "\"batchSize\": 128}}");
        return f;
    }

    /** A finished --quick run with one epoch, to be resumed. */
    private Path firstEpoch(Path f) throws Exception {
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--quick", "--set", "/protocol/epochs=1", "--out",
                tmp.resolve("part").toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        return TrainProtocolTest.onlyRun(tmp.resolve("part").resolve("tiny"));
    }

    @Test
    void resumingAnUnchangedQuickRunWarnsOfNothing() throws Exception {
        Path f = file();
        Path b = firstEpoch(f);
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--quick", "--resume", b.toString(), "--out",
                tmp.resolve("resumed").toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(0, r[0], err);
        assertTrue(err.contains("resumed after epoch 1"), err);
        assertFalse(err.contains("different"), err);
    }

    @Test
    void resumingAQuickRunWithoutQuickSaysSo() throws Exception {
        Path f = file();
        Path b = firstEpoch(f);
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--resume", b.toString(), "--out",
                tmp.resolve("resumed").toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(0, r[0], err);
        assertTrue(err.contains("/quick: true in the checkpoint, false now"), err);
        assertFalse(err.contains("/protocol/"), "nothing else differs: " + err);
    }

    @Test
    void aChangedSettingIsNamedWithItsOldAndNewValue() throws Exception {
        Path f = file();
        Path b = firstEpoch(f);
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--quick", "--resume", b.toString(), "--set",
                "/protocol/optimizer/lr=0.001", "--set", "/protocol/batchSize=64", "--out",
                tmp.resolve("resumed").toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(0, r[0], err);
        assertTrue(err.contains("/protocol/optimizer/lr: 0.002 in the checkpoint, 0.001 now"), err);
        assertTrue(err.contains("/protocol/batchSize: 128 in the checkpoint, 64 now"), err);
        assertFalse(err.contains("/protocol/steps") || err.contains("/protocol/dataset"), err);
    }
}
