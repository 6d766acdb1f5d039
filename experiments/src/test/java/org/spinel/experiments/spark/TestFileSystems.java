package org.spinel.experiments.spark;

import java.io.IOException;
import java.net.URI;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop filesystems of the tests' own schemes, each the local filesystem seen through Hadoop's API
 * ({@code spinelfs:///tmp/x} is {@code /tmp/x}); a sweep reaches them with
 * {@code --conf spark.hadoop.fs.<scheme>.impl=<class>}, as it would a real one (hdfs, s3a).
 */
final class TestFileSystems {
    private TestFileSystems() {
    }

    /** Scheme {@code spinelfs}: the local filesystem. */
    public static class Mapped extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create(getScheme() + ":///");
        }

        @Override
        public String getScheme() {
            return "spinelfs";
        }
    }

    /** Scheme {@code spinelro}: a read-only filesystem (every create and mkdirs is refused). */
    public static class ReadOnly extends Mapped {
        @Override
        public String getScheme() {
            return "spinelro";
        }

        @Override
        public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                short replication, long blockSize, Progressable progress) throws IOException {
            throw new AccessControlException("Permission denied: " + f + " (a read-only filesystem)");
        }

        @Override
        public boolean mkdirs(Path f, FsPermission permission) throws IOException {
            throw new AccessControlException("Permission denied: " + f + " (a read-only filesystem)");
        }

        @Override
        public boolean mkdirs(Path f) throws IOException {
            throw new AccessControlException("Permission denied: " + f + " (a read-only filesystem)");
        }
    }

    /**
     * Scheme {@code spinelrace}: before a point's directory is renamed to its published name, another attempt of the
     * same point publishes its own copy there (a speculative task that won the race by a hair).
     */
    public static class Race extends Mapped {
        @Override
        public String getScheme() {
            return "spinelrace";
        }

        @Override
        public boolean rename(Path src, Path dst) throws IOException {
            if (src.getName().startsWith(".attempt-") && !exists(dst)) {
                FileUtil.copy(this, src, this, dst, false, getConf()); // the other attempt's copy, published
            }
            return super.rename(src, dst);
        }
    }
}
