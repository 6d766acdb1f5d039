package org.spinel.experiments.train;

import java.util.List;

/** Test access to the train protocol's package-private constants. */
public final class TrainProtocolAccess {
    private TrainProtocolAccess() {
    }

    /** The columns of epochs.csv/npy. */
    public static List<String> historyColumns() {
        return TrainRunner.HISTORY_COLUMNS;
    }
}
