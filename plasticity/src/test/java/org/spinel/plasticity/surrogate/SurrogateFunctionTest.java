package org.spinel.plasticity.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Each surrogate against its formula at hand-computed points, symmetry, normalisation and the smooth forwards. */
class SurrogateFunctionTest {
    static final double EPS = 1e-12;

    static List<SurrogateFunction> all() {
        return List.of(new FastSigmoid(100), new FastSigmoid(25), new SigmoidDerivative(25), new SigmoidDerivative(3),
                new ArcTan(2), new ArcTan(0.5), new Triangle(1), new Triangle(0.3), new ExponentialEscape(1),
                ExponentialEscape.normalised(4), new StraightThrough(1), StraightThrough.identity());
    }

    /**
     * ∫ f(u) du over the real line by the substitution u = s·tan θ (θ in [−π/2, π/2], du = s·(1 + tan²θ) dθ) and
     * composite Simpson with n intervals; s sets the scale of the function so that its bulk is well resolved. The
     * integrand has a finite limit at θ = ±π/2 (non-zero for the 1/u² tail of arctan), taken at tan θ = ±1e150.
     */
    static double integral(SurrogateFunction f, double s) {
        int n = 400_000;
        double a = -Math.PI / 2, h = Math.PI / n;
        double sum = integrand(f, s, -1e150) + integrand(f, s, 1e150);
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * integrand(f, s, Math.tan(a + i * h));
        }
        return sum * h / 3;
    }

    static double integrand(SurrogateFunction f, double s, double tan) {
        return f.derivative(s * tan) * s * (1 + tan * tan);
    }

    @Test
    void fastSigmoidAtHandComputedPoints() {
        FastSigmoid f = new FastSigmoid(100);
        assertEquals(1.0, f.derivative(0), EPS);
        assertEquals(0.25, f.derivative(0.01), EPS);         // 1/(1 + 1)²
        assertEquals(0.0625, f.derivative(-0.03), EPS);      // 1/(1 + 3)²
        assertEquals(1.0 / 121, f.derivative(0.1), EPS);     // 1/(1 + 10)²
        assertEquals(1.0 / 36, new FastSigmoid(25).derivative(0.2), EPS); // 1/(1 + 5)²
    }

    @Test
    void sigmoidDerivativeAtHandComputedPoints() {
        SigmoidDerivative f = new SigmoidDerivative(25);
        double u3 = Math.log(3) / 25, u9 = Math.log(9) / 25;
        assertEquals(6.25, f.derivative(0), EPS);             // k/4
        assertEquals(4.6875, f.derivative(u3), EPS);          // e^(−ku) = 1/3: σ = 0.75, 25·0.75·0.25
        assertEquals(4.6875, f.derivative(-u3), EPS);
        assertEquals(2.25, f.derivative(u9), EPS);            // σ = 0.9: 25·0.9·0.1
        assertEquals(0.75, f.sigmoid(u3), EPS);
        assertEquals(0.25, f.sigmoid(-u3), EPS);
        assertEquals(0.5, f.sigmoid(0), 0);
        assertEquals(1.0, f.sigmoid(1e4), 0);                 // no overflow either way
        assertEquals(0.0, f.sigmoid(-1e4), 0);
        assertEquals(0.0, f.derivative(1e4), 0);
    }

    @Test
    void arcTanAtHandComputedPoints() {
        ArcTan f = new ArcTan(2);                            // σ'(u) = 1/(1 + (πu)²)
        assertEquals(1.0, f.derivative(0), EPS);
        assertEquals(0.5, f.derivative(1 / Math.PI), EPS);
        assertEquals(0.2, f.derivative(-2 / Math.PI), EPS);
        ArcTan g = new ArcTan(4);                            // σ'(u) = 2/(1 + (2πu)²)
        assertEquals(2.0, g.derivative(0), EPS);
        assertEquals(1.0, g.derivative(1 / (2 * Math.PI)), EPS);
        assertEquals(0.5, f.forward(0), EPS);
        assertEquals(0.75, f.forward(1 / Math.PI), EPS);     // arctan(1)/π + 1/2
    }

    @Test
    void triangleAtHandComputedPoints() {
        Triangle f = new Triangle(1);
        assertEquals(1.0, f.derivative(0), EPS);
        assertEquals(0.75, f.derivative(0.25), EPS);
        assertEquals(0.5, f.derivative(-0.5), EPS);
        assertEquals(0.0, f.derivative(1), 0);
        assertEquals(0.0, f.derivative(-2), 0);
        Triangle g = new Triangle(2);
        assertEquals(0.5, g.derivative(0), EPS);
        assertEquals(0.25, g.derivative(1), EPS);            // (1 − 1/2)/2
        assertEquals(0.0, g.derivative(-3), 0);
    }

    @Test
    void exponentialAtHandComputedPoints() {
        ExponentialEscape f = new ExponentialEscape(1);       // 25·e^(−|u|)
        assertEquals(25.0, f.amplitude(), 0);
        assertEquals(25.0, f.derivative(0), EPS);
        assertEquals(12.5, f.derivative(Math.log(2)), EPS);
        assertEquals(6.25, f.derivative(-Math.log(4)), EPS);
        ExponentialEscape g = ExponentialEscape.normalised(2); // 1·e^(−2|u|)
        assertEquals(1.0, g.derivative(0), EPS);
        assertEquals(0.5, g.derivative(Math.log(2) / 2), EPS);
        assertEquals(0.75, new ExponentialEscape(3, 0.75).derivative(0), EPS);
    }

    @Test
    void straightThroughPassesOneInsideTheClipAndZeroOutside() {
        StraightThrough f = new StraightThrough(1);
        assertTrue(f.clipped());
        for (double u : new double[] {0, 0.5, -0.999, 1, -1}) {
            assertEquals(1.0, f.derivative(u), 0, "u = " + u);
        }
        for (double u : new double[] {1.0000001, -1.5, 40}) {
            assertEquals(0.0, f.derivative(u), 0, "u = " + u);
        }
        StraightThrough id = StraightThrough.identity();
        assertTrue(!id.clipped());
        for (double u : new double[] {0, -3, 1e6, -1e300}) {
            assertEquals(1.0, id.derivative(u), 0, "u = " + u);
        }
    }

    @Test
    void everySurrogateIsEvenAndPeaksAtZero() {
        for (SurrogateFunction f : all()) {
            double peak = f.derivative(0);
            for (double u = 1e-3; u < 5; u *= 1.37) {
                assertEquals(f.derivative(u), f.derivative(-u), 0, f + " at ±" + u);
                assertTrue(f.derivative(u) <= peak, f + " exceeds its peak at " + u);
                assertTrue(f.derivative(u) >= 0, f + " negative at " + u);
            }
        }
    }

    @Test
    void normalisedSurrogatesIntegrateToOne() {
        assertEquals(1.0, integral(new SigmoidDerivative(25), 0.1), 1e-7);
        assertEquals(1.0, integral(new SigmoidDerivative(3), 1), 1e-7);
        assertEquals(1.0, integral(new ArcTan(2), 1), 1e-7);
        assertEquals(1.0, integral(new ArcTan(0.5), 1), 1e-7);
        assertEquals(1.0, integral(new Triangle(1), 1), 1e-6);
        assertEquals(1.0, integral(new Triangle(0.3), 0.3), 1e-6);
        assertEquals(1.0, integral(ExponentialEscape.normalised(4), 0.25), 1e-7);
        // The unnormalised ones integrate to their documented totals.
        assertEquals(2.0 / 25, integral(new FastSigmoid(25), 0.04), 1e-7);
        assertEquals(2.0 * 25 / 1, integral(new ExponentialEscape(1), 1), 1e-5);
        assertEquals(2.0, integral(new StraightThrough(1), 1), 1e-3); // kinked (a step) so only O(h) accurate
    }

    @Test
    void sigmoidAndArcTanAreTheDerivativesOfTheirForwards() {
        SigmoidDerivative s = new SigmoidDerivative(25);
        ArcTan a = new ArcTan(2);
        double h = 1e-6;
        for (double u = -0.5; u <= 0.5; u += 0.0625) {
            assertEquals(s.derivative(u), (s.sigmoid(u + h) - s.sigmoid(u - h)) / (2 * h), 1e-6, "sigmoid at " + u);
            assertEquals(a.derivative(u), (a.forward(u + h) - a.forward(u - h)) / (2 * h), 1e-7, "arctan at " + u);
        }
    }

    @Test
    void bulkFormMatchesThePointwiseForm() {
        float[] u = {-0.3f, -0.01f, 0f, 0.02f, 0.5f, 2f};
        for (SurrogateFunction f : all()) {
            float[] out = new float[u.length];
            f.derivative(u, out, 1, 5);
            float[] expected = new float[u.length];
            for (int i = 1; i < 5; i++) {
                expected[i] = (float) f.derivative(u[i]);
            }
            assertArrayEquals(expected, out, f.toString());
        }
    }
}
