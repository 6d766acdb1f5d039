package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * A 3-D grid of {@code nx·ny·nz} sites (spacing 1) assigned at random to an excitatory (exactly
 * {@code round(f·N)} sites) and an inhibitory population, as in NALSM (80 % E on a 10×10×10 or 20×20×20 lattice).
 * The E and I populations are separate Spinel populations; {@link #between} gives the distance-dependent topology
 * of each pair type.
 */
public final class LiquidLattice {
    private final double[][] posE, posI;

    /**
     * @param nx                 sites along x (&ge; 1)
     * @param ny                 sites along y
     * @param nz                 sites along z
     * @param excitatoryFraction fraction of E sites in [0, 1]
     * @param rng                stream for the site assignment
     */
    public LiquidLattice(int nx, int ny, int nz, double excitatoryFraction, UniformRandomProvider rng) {
        Check.atLeast("LiquidLattice.nx", nx, 1);
        Check.atLeast("LiquidLattice.ny", ny, 1);
        Check.atLeast("LiquidLattice.nz", nz, 1);
        Check.probability("LiquidLattice.excitatoryFraction", excitatoryFraction);
        int n = nx * ny * nz;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int r = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[r];
            order[r] = t;
        }
        int ne = (int) Math.round(excitatoryFraction * n);
        posE = new double[ne][];
        posI = new double[n - ne][];
        for (int k = 0; k < n; k++) {
            int s = order[k];
            double[] pos = {s % nx, (s / nx) % ny, s / (nx * ny)};
            if (k < ne) {
                posE[k] = pos;
            } else {
                posI[k - ne] = pos;
            }
        }
    }

    /** Number of excitatory sites. */
    public int sizeE() {
        return posE.length;
    }

    /** Number of inhibitory sites. */
    public int sizeI() {
        return posI.length;
    }

    /** Positions of the E neurons (copy). */
    public double[][] positionsE() {
        return deepCopy(posE);
    }

    /** Positions of the I neurons (copy). */
    public double[][] positionsI() {
        return deepCopy(posI);
    }

    /**
     * The distance-dependent topology from {@code preType} to {@code postType} ("E" or "I"), without self
     * connections within a type.
     */
    public Liquid3D between(String preType, String postType, double c, double lambda) {
        return new Liquid3D(positions(preType, "pre"), positions(postType, "post"), c, lambda, preType.equals(postType));
    }

    private double[][] positions(String type, String side) {
        return switch (type) {
            case "E" -> posE;
            case "I" -> posI;
            default -> throw new ParameterException("liquid " + side + " type = \"" + type + "\": expected \"E\" or \"I\"");
        };
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
