package org.spinel.experiments.sweep;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The {@code index.csv} of a sweep: one row per finished point, columns
 * {@code point, seed, <swept paths...>, status, wall_s, spikes, run_dir, error} (RFC 4180 quoting). Each row is
 * appended with one write and forced to disk, so a killed sweep leaves complete rows only (a torn last line is
 * dropped when the index is opened again).
 */
public final class SweepIndex implements AutoCloseable {
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final java.nio.channels.FileLock lock;
    private final Set<String> finished = new HashSet<>();
    private final List<String> header;

    /** Opens (creating with {@code header} if absent) the index at {@code file}. */
    public SweepIndex(Path file, List<String> header) throws IOException {
        this.header = List.copyOf(header);
        // One writer per sweep: two resumes at once would run (and record) the same points twice.
        lockChannel = FileChannel.open(file.resolveSibling("." + file.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null; // held by this JVM
        }
        lock = l;
        if (lock == null) {
            lockChannel.close();
            throw new java.nio.file.FileSystemException(file.toString(), null, "sweep index in use by another running "
                    + "sweep: wait for it or stop it, then run again to resume");
        }
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1; // drop a torn last line
            if (end < text.length()) {
                Files.writeString(file, text.substring(0, end), StandardCharsets.UTF_8);
            }
            for (CSVRecord r : read(file)) {
                if ("ok".equals(r.get("status"))) {
                    finished.add(r.get("point"));
                }
            }
        } else {
            Files.writeString(file, line(header), StandardCharsets.UTF_8);
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Point ids already finished with status ok. */
    public Set<String> finished() {
        return Set.copyOf(finished);
    }

    /** Appends one row (values in header order) durably. */
    public synchronized void append(List<String> values) throws IOException {
        if (values.size() != header.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + header.size() + " columns");
        }
        ByteBuffer b = ByteBuffer.wrap(line(values).getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
        if ("ok".equals(values.get(header.indexOf("status")))) {
            finished.add(values.get(0));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    /** Parses an index file (header row first). */
    public static List<CSVRecord> read(Path file) throws IOException {
        try (var p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            return new ArrayList<>(p.getRecords());
        }
    }

    private static String line(List<String> values) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
            p.printRecord(values);
        }
        return w.toString();
    }
}
