package org.spinel.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The default build has no Spark in it (README command 1 downloads none): neither Spark, Scala nor Hadoop, nor the
 * Spark executor or its Hadoop sweep store, is on its test class path (a superset of the application's). Skipped in
 * the spark profile, whose test JVMs say so with {@code -Dspinel.spark=true}.
 */
class DefaultBuildTest {
    @Test
    void theDefaultClassPathHasNoSpark() {
        Assumptions.assumeFalse(Boolean.getBoolean("spinel.spark"), "the spark profile's build");
        ClassLoader l = getClass().getClassLoader();
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext", false, l));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("scala.Function1", false, l));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(
                "org.spinel.experiments.spark.SparkSweepExecutor", false, l));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.fs.FileSystem", false, l));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(
                "org.spinel.experiments.spark.HadoopSweepStore", false, l));
    }
}
