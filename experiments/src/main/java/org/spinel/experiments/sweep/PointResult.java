package org.spinel.experiments.sweep;

/**
 * The outcome of one sweep point (serialisable: a cluster executor sends it back to the driver).
 *
 * @param point  the point
 * @param ok     whether it ran to completion
 * @param wallS  wall time, s
 * @param spikes total spikes (0 when failed)
 * @param runDir run directory ("" when failed)
 * @param error  the error message ("" when ok)
 */
public record PointResult(SweepPoint point, boolean ok, double wallS, long spikes, String runDir,
        String error) implements java.io.Serializable {
}
