package org.spinel.plasticity.ep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.spinel.plasticity.train.WeightBlock;

class EquilibriumPropagationTest {
    /** Cosine between the workspace's credit and the reference over the forward, feedback and bias blocks. */
    static double cosine(EquilibriumModel model, EquilibriumModel.Workspace ws, double[][] ref) {
        List<WeightBlock> blocks = model.blocks();
        double dot = 0, a2 = 0, b2 = 0;
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).name().startsWith("readout")) {
                continue;
            }
            double[] c = ws.credit(b);
            for (int k = 0; k < c.length; k++) {
                dot += c[k] * ref[b][k];
                a2 += c[k] * c[k];
                b2 += ref[b][k] * ref[b][k];
            }
        }
        return dot / Math.sqrt(a2 * b2);
    }
}
