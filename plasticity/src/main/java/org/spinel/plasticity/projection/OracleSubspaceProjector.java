package org.spinel.plasticity.projection;

import java.util.Arrays;

import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * The exact projection oracle of HLOP (issue 21), in the manner of Gradient Projection Memory (GPM; Saha, Garg &amp;
 * Roy, ICLR 2021): what HLOP's Hebbian subspace neurons ({@link HebbianSubspaceProjector}) would hold if Oja's rule
 * converged exactly. It is the GPM projector {@link ActivitySubspaceProjector} with HLOP's growth schedule: during a
 * task it accumulates the correlation {@code C = Σ a aᵀ} of the presynaptic activity it observes (the same activity,
 * in the same order, that HLOP learns from); at the task boundary it takes the top eigenvectors of the residual
 * {@code (I − BᵀB) C (I − BᵀB)} ({@code B}: the basis of earlier tasks, orthonormal rows), i.e. the top right
 * singular vectors of the residual activity {@code A(I − BᵀB)} and the principal directions of the uncentred
 * {@code E[xxᵀ]} not yet in the basis (which HLOP's new rows learn, since its reconstruction uses the frozen rows),
 * and appends them orthonormalised. Task {@code t} adds {@code rowsPerTask[min(t, last)]} vectors, fewer when the
 * residual has fewer directions with energy or the basis is full.
 *
 * <p>The projection is HLOP's own step ({@code SpanRemoval.removeRows}): {@code ΔW ← ΔW − Bᵀ(BΔW)} along the
 * presynaptic index of the dense {@code [pre][post]} block, nothing before the first boundary; on the update stage.
 * Memory {@code O(pre²)} for any task length; the eigen-decomposition is Commons Math's SVD of the symmetric residual.
 */
public final class OracleSubspaceProjector implements Projector {
    private final int[] schedule;
    private final int every;

    private OracleSubspaceProjector(int[] schedule, int every) {
        this.schedule = schedule;
        this.every = every;
    }

    /** The same oracle projecting every {@code k} optimiser steps ({@link Projector#updateInterval()}; k &ge; 1). */
    public OracleSubspaceProjector projectEvery(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("oracle projectEvery = " + k + ": expected at least 1");
        }
        return new OracleSubspaceProjector(schedule, k);
    }

    @Override
    public int updateInterval() {
        return every;
    }

    /**
     * An oracle with the growth schedule {@code rowsPerTask} (task 0, task 1, ...; the last entry repeats), as HLOP's.
     *
     * @throws IllegalArgumentException if the schedule is empty, task 0 adds no rows or a count is negative
     */
    public static OracleSubspaceProjector of(int... rowsPerTask) {
        return new OracleSubspaceProjector(GrowthSchedule.validated("oracle", rowsPerTask), 1);
    }

    /** The oracle of an HLOP projector: the same growth schedule and update interval. */
    public static OracleSubspaceProjector of(HebbianSubspaceProjector hlop) {
        return of(hlop.rowsPerTask()).projectEvery(hlop.updateInterval());
    }

    /** The schedule (a copy). */
    public int[] rowsPerTask() {
        return schedule.clone();
    }

    /** Vectors added by task {@code t} (the schedule's last entry repeats). */
    public int rowsFor(int task) {
        return GrowthSchedule.rowsFor(schedule, task);
    }

    /**
     * Checks that {@code tasks} tasks fit a block with {@code pre} presynaptic units (as HLOP's check: the scheduled
     * rows may not exceed {@code pre}).
     *
     * @throws IllegalArgumentException naming the task at which the basis would exceed {@code pre}
     */
    public void checkFits(int pre, int tasks) {
        GrowthSchedule.checkFits("oracle", "basis", "vectors", schedule, pre, tasks);
    }

    @Override
    public String describe() {
        return "oracle (exact principal subspace, rows per task " + Arrays.toString(schedule)
                + (every > 1 ? ", projected every " + every + " steps" : "") + ")";
    }

    @Override
    public Activity activity() {
        return Activity.PRESYNAPTIC_RATE;
    }

    @Override
    public ProjectorState bind(int pre, int post, SynapseGraph graph) {
        SpanRemoval.checkBlock(describe(), pre, post);
        if (graph != null && !Projector.isDense(graph)) {
            throw new IllegalArgumentException("projector (" + describe() + "): needs a dense (all-to-all) projection");
        }
        checkFits(pre, 1);
        return ActivitySubspaceProjector.scheduled(schedule, describe()).bind(pre, post, graph);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OracleSubspaceProjector p && Arrays.equals(p.schedule, schedule) && p.every == every;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(schedule) * 31 + 7;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The basis of a bound state (a copy, {@code rank × pre} row-major); {@code rank[0]} receives the row count. */
    public static double[] basis(ProjectorState state, int[] rank) {
        return ActivitySubspaceProjector.basis(state, rank);
    }
}
