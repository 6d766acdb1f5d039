package org.spinel.plasticity.train;

import java.util.Map;

import org.spinel.plasticity.optim.OptimizerState;

/**
 * What a checkpoint keeps of one weight block: its identity (name, role, shape), a copy of its weights, its
 * optimiser's state and its projector's learned state ({@link org.spinel.networks.plasticity.ProjectorState#exportState()}).
 *
 * @param name           the block's name
 * @param role           its role
 * @param pre            presynaptic units
 * @param post           postsynaptic units
 * @param weights        the weights, row-major {@code [pre][post]}
 * @param optimizer      the optimiser's state
 * @param projector      the projector's description ({@code describe()}), or null when the block has none
 * @param projectorState the projector's learned state (empty for none or a fixed map)
 */
public record BlockState(String name, BlockRole role, int pre, int post, double[] weights, OptimizerState optimizer,
        String projector, Map<String, double[]> projectorState) {
    /** Validates the shape. */
    public BlockState {
        if (weights.length != (long) pre * post) {
            throw new IllegalArgumentException("block state \"" + name + "\": " + weights.length
                    + " weights, expected " + pre + " x " + post);
        }
        projectorState = projectorState == null ? Map.of() : projectorState;
    }
}
