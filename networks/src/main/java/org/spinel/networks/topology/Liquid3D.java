package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Distance-dependent connectivity of a 3-D liquid (Maass, Natschläger &amp; Markram 2002; NALSM, Ivanov &amp;
 * Michmizos, NeurIPS 2021): pre j → post i exists with probability {@code C·exp(−(d/λ)²)}, d the Euclidean distance
 * of their positions. NALSM constants: C_EE = 0.2, C_EI = 0.1, C_IE = 0.3, C_II = 0.05, λ = 3. Build the four
 * pair types with {@link LiquidLattice#between}.
 */
public final class Liquid3D implements Topology {
    private final double[][] pre, post;
    private final double c, lambda;
    private final boolean sameNeurons;

    /**
     * @param prePositions  position (x, y, z) of each pre neuron
     * @param postPositions position of each post neuron
     * @param c             peak probability C in [0, 1]
     * @param lambda        length scale λ (&gt; 0)
     * @param sameNeurons   pre and post are the same neurons: no i → i
     */
    public Liquid3D(double[][] prePositions, double[][] postPositions, double c, double lambda, boolean sameNeurons) {
        this.pre = prePositions;
        this.post = postPositions;
        this.c = Check.probability("Liquid3D.C", c);
        this.lambda = Check.positive("Liquid3D.lambda", lambda, "");
        this.sameNeurons = sameNeurons;
    }

    /** Connection probability of pre j → post i. */
    public double probability(int j, int i) {
        if (sameNeurons && i == j) {
            return 0;
        }
        double dx = pre[j][0] - post[i][0], dy = pre[j][1] - post[i][1], dz = pre[j][2] - post[i][2];
        return c * Math.exp(-(dx * dx + dy * dy + dz * dz) / (lambda * lambda));
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        if (nPre != pre.length || nPost != post.length) {
            throw new ParameterException("Liquid3D has " + pre.length + " pre and " + post.length + " post positions, used "
                    + "between populations of " + nPre + " and " + nPost + ": expected equal sizes");
        }
        SynapsePairs p = new SynapsePairs();
        for (int j = 0; j < nPre; j++) {
            for (int i = 0; i < nPost; i++) {
                double q = probability(j, i);
                if (q > 0 && rng.nextDouble() < q) {
                    p.add(j, i);
                }
            }
        }
        return p;
    }

    @Override
    public String describe() {
        return "liquid-3d(C=" + c + ", lambda=" + lambda + ")";
    }
}
