package org.spinel.plasticity.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The registry: names, defaults, parameter maps and error messages. */
class SurrogatesTest {
    @Test
    void everyNameBuildsItsClassWithTheGivenParameter() {
        assertEquals(List.of("fast-sigmoid", "sigmoid", "arctan", "triangle", "exponential", "straight-through"),
                Surrogates.names());
        assertInstanceOf(FastSigmoid.class, Surrogates.byName("fast-sigmoid", 7));
        assertInstanceOf(SigmoidDerivative.class, Surrogates.byName("sigmoid", 7));
        assertInstanceOf(ArcTan.class, Surrogates.byName("arctan", 7));
        assertInstanceOf(Triangle.class, Surrogates.byName("triangle", 7));
        assertInstanceOf(ExponentialEscape.class, Surrogates.byName("exponential", 7));
        assertInstanceOf(StraightThrough.class, Surrogates.byName("straight-through", 7));
        for (String name : Surrogates.names()) {
            SurrogateFunction f = Surrogates.byName(name, 7);
            assertEquals(name, f.name());
            assertEquals(7.0, f.parameter(), 0);
            assertEquals(Surrogates.parameterNames(name).get(0), f.parameterName());
            assertTrue(!f.parameterDescription().isBlank());
            assertEquals(Surrogates.defaultParameter(name), Surrogates.byName(name).parameter(), 0);
        }
    }

    @Test
    void defaultsFollowTheSpec() {
        assertEquals(new FastSigmoid(100), Surrogates.byName("fast-sigmoid"));
        assertEquals(new SigmoidDerivative(25), Surrogates.byName("sigmoid"));
        assertEquals(new ArcTan(2), Surrogates.byName("arctan"));
        assertEquals(new Triangle(1), Surrogates.byName("triangle"));
        assertEquals(new ExponentialEscape(1, 25), Surrogates.byName("exponential"));
        assertEquals(StraightThrough.identity(), Surrogates.byName("straight-through"));
        assertEquals("fast-sigmoid(slope=100.0)", Surrogates.byName("fast-sigmoid").describe());
    }

    @Test
    void parameterMapsSetEveryParameter() {
        assertEquals(new ExponentialEscape(2, 1), Surrogates.create("exponential", Map.of("slope", 2.0,
                "amplitude", 1.0)));
        assertEquals(new ExponentialEscape(1, 3), Surrogates.create("exponential", Map.of("amplitude", 3.0)));
        assertEquals(new Triangle(0.5), Surrogates.create("triangle", Map.of("width", 0.5)));
        assertEquals(new ArcTan(2), Surrogates.create("arctan", Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Surrogates.create("triangle", Map.of("slope", 2.0)));
        assertTrue(e.getMessage().contains("slope") && e.getMessage().contains("width"), e.getMessage());
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Surrogates.byName("superspike", 1));
        String m = e.getMessage();
        assertTrue(m.contains("\"superspike\""), m);
        for (String name : Surrogates.names()) {
            assertTrue(m.contains(name), m);
        }
        assertThrows(IllegalArgumentException.class, () -> Surrogates.byName(null));
    }

    @Test
    void aBadParameterIsNamedWithItsValue() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Surrogates.byName("fast-sigmoid", bad));
            assertTrue(e.getMessage().contains("fast-sigmoid.slope = " + bad), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArcTan(-2));
        assertTrue(e.getMessage().contains("arctan.alpha = -2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Triangle(Double.NaN));
        assertTrue(e.getMessage().contains("triangle.width = NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StraightThrough(0));
        assertTrue(e.getMessage().contains("straight-through.clip = 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ExponentialEscape(1, -3));
        assertTrue(e.getMessage().contains("exponential.amplitude = -3.0"), e.getMessage());
    }
}
