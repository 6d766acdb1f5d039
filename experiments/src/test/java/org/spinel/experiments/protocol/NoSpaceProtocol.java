package org.spinel.experiments.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.IIOException;

import org.spinel.experiments.spec.Experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A protocol on the test class path only ({@code test-no-space}): a simulated full disk. It writes a file into its
 * working directory, then fails as a writer on a full file system does, in the shape {@code /protocol/shape} names:
 * {@code "file-system"} (a {@link FileSystemException} naming the file, as {@code java.nio.file.Files} throws),
 * {@code "png"} (the PNG writer's {@link IIOException} wrapping the stream's {@code IOException}), {@code "unchecked"}
 * (an {@link UncheckedIOException} around a stream's one).
 */
public final class NoSpaceProtocol implements Protocol<String> {
    @Override
    public String name() {
        return "test-no-space";
    }

    @Override
    public String read(ProtocolInput in) {
        return in.protocol().string("shape", "file-system", "file-system", "png", "unchecked");
    }

    @Override
    public Outcome run(Experiment e, String shape, RunContext run) throws IOException {
        Path dir = run.directory();
        Files.writeString(dir.resolve("written.txt"), "partial\n");
        Path file = dir.resolve("raster.png");
        switch (shape) {
            case "png" -> throw new IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
            case "unchecked" -> throw new UncheckedIOException(new IOException("No space left on device"));
            default -> throw new FileSystemException(file.toString(), null, "No space left on device");
        }
    }

    @Override
    public String summary(ObjectNode metrics) {
        return "";
    }
}
