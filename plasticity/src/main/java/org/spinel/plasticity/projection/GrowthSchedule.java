package org.spinel.plasticity.projection;

import java.util.Arrays;

/**
 * The growth schedule of a subspace projector (HLOP's Hebbian subspace and its exact oracle): the rows task 0, 1, ...
 * adds, the last entry repeating. One place for its checks and messages, which name the projector's method.
 */
final class GrowthSchedule {
    private GrowthSchedule() {
    }

    /**
     * A validated copy of {@code rowsPerTask}.
     *
     * @throws IllegalArgumentException if it is empty, task 0 adds no rows or a count is negative
     */
    static int[] validated(String method, int[] rowsPerTask) {
        if (rowsPerTask == null || rowsPerTask.length == 0) {
            throw new IllegalArgumentException(method + " rowsPerTask: expected at least one count (task 0, then later"
                    + " tasks; the last repeats)");
        }
        for (int k = 0; k < rowsPerTask.length; k++) {
            if (rowsPerTask[k] < 0 || k == 0 && rowsPerTask[k] < 1) {
                throw new IllegalArgumentException(method + " rowsPerTask[" + k + "] = " + rowsPerTask[k]
                        + ": expected " + (k == 0 ? "at least 1" : "a count >= 0"));
            }
        }
        return rowsPerTask.clone();
    }

    /** Rows added by task {@code task} (the schedule's last entry repeats). */
    static int rowsFor(int[] schedule, int task) {
        return schedule[Math.min(task, schedule.length - 1)];
    }

    /**
     * Checks that {@code tasks} tasks fit a block with {@code pre} presynaptic units.
     *
     * @param what the grown thing and its unit in the message, e.g. {@code "subspace", "rows"}
     * @throws IllegalArgumentException naming the task at which the total would exceed {@code pre}
     */
    static void checkFits(String method, String what, String unit, int[] schedule, int pre, int tasks) {
        int total = 0;
        for (int t = 0; t < tasks; t++) {
            total += rowsFor(schedule, t);
            if (total > pre) {
                throw new IllegalArgumentException(method + " rowsPerTask " + Arrays.toString(schedule) + ": task " + t
                        + " brings the " + what + " to " + total + " " + unit + ", more than the " + pre
                        + " presynaptic units");
            }
        }
    }
}
