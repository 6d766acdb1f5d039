package org.spinel.plasticity.optim;

/**
 * An optimizer configuration that builds one {@link Optimizer} per parameter block. The builders of
 * {@link Adam} and {@link SgdMomentum} are factories, so a trainer can hold one configuration for all its blocks.
 */
public interface OptimizerFactory {
    /** A fresh optimizer (step count 0, zero state) for a block of {@code size} parameters. */
    Optimizer build(int size);

    /** The configuration in one line. */
    String describe();
}
