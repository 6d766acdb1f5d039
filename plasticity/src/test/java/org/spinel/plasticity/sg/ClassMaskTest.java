package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.neurons.DiscreteLifNeuron;

/**
 * A class mask (one head per task) is the network whose readout has only the allowed units: the same loss, the same
 * gradients of the shared layers, the allowed readout columns' gradients, zero for the masked columns.
 */
class ClassMaskTest {
    static final int IN = 4, HID = 6, OUT = 3, T = 40;

    @Test
    void maskedReadoutEqualsTheSubReadout() {
        LayerConfig hidden = new LayerConfig(HID, 10, 5, 1, DiscreteLifNeuron.Reset.ZERO, true, false, true);
        SurrogateGradientNetwork full = new SurrogateGradientNetwork(IN, List.of(hidden, LayerConfig.readout(OUT)), 1,
                SpikeFunction.smooth(4));
        full.initialise(5, 30);
        SurrogateGradientNetwork sub = new SurrogateGradientNetwork(IN, List.of(hidden, LayerConfig.readout(2)), 1,
                SpikeFunction.smooth(4));
        System.arraycopy(full.weights(0), 0, sub.weights(0), 0, full.weights(0).length);
        int[] kept = {0, 2};
        for (int p = 0; p < HID; p++) {
            for (int c = 0; c < 2; c++) {
                sub.weights(1)[p * 2 + c] = full.weights(1)[p * OUT + kept[c]];
            }
        }
        SplittableRandom r = new SplittableRandom(4);
        double[] in = new double[T * IN];
        for (int k = 0; k < in.length; k++) {
            in[k] = r.nextDouble() < 0.3 ? r.nextDouble() * 2 : 0;
        }
        for (Loss loss : List.of(Loss.MAX_OVER_TIME_CE, Loss.MEAN_OVER_TIME_CE)) {
            SurrogateGradientNetwork.Workspace a = full.workspace(T), b = sub.workspace(T);
            a.restrictClasses(new boolean[] {true, false, true});
            a.forward(in);
            b.forward(in);
            double la = a.backward(loss, 2), lb = b.backward(loss, 1);
            assertEquals(lb, la, 1e-12, loss + ": loss");
            assertEquals(b.predict(loss) == 0 ? 0 : 2, a.predict(loss), loss + ": prediction");
            for (int k = 0; k < full.weights(0).length; k++) {
                assertEquals(b.weightGradient(0)[k], a.weightGradient(0)[k], 1e-12, loss + ": hidden gradient");
            }
            for (int p = 0; p < HID; p++) {
                assertEquals(0, a.weightGradient(1)[p * OUT + 1], 0, "masked column gets no gradient");
                for (int c = 0; c < 2; c++) {
                    assertEquals(b.weightGradient(1)[p * 2 + c], a.weightGradient(1)[p * OUT + kept[c]], 1e-12);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> a.loss(loss, 1), "a masked label is refused");
            a.restrictClasses(null);
            a.forward(in);
            assertEquals(true, a.loss(loss, 2) > la - 1e-15, "more classes, no smaller loss");
        }
        assertThrows(IllegalArgumentException.class, () -> full.workspace(T).restrictClasses(new boolean[3]));
    }
}
