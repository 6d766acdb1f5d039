package org.spinel.experiments.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of dataset files, by which a manifest identifies the data a run read (a path says nothing about its
 * content). Each digest is computed once per JVM per file version: cached by absolute path, size and modification
 * time, so a sweep's points and repeated runs do not hash the same files again.
 */
public final class DatasetDigests {
    private record Key(Path file, long size, long modified) {
    }

    private static final Map<Key, String> CACHE = new ConcurrentHashMap<>();

    private DatasetDigests() {
    }

    /** The lower-case hex SHA-256 of {@code file}'s bytes. */
    public static String sha256(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
        Key k = new Key(abs, a.size(), a.lastModifiedTime().toMillis());
        String d = CACHE.get(k);
        if (d == null) {
            d = compute(abs);
            CACHE.put(k, d);
        }
        return d;
    }

    private static String compute(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
