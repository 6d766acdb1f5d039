package org.spinel.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The default build has no Spark in it (README command 1 downloads none): neither Spark nor Scala, nor the Spark
 * executor, is on its test class path (a superset of the application's). Skipped in the spark profile, whose test
 * JVMs say so with {@code -Dspinel.spark=true}.
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
    }
}
