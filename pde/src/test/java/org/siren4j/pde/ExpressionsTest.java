package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    @Test
    void expressionsEvaluateWithTheUsualFunctionsAndConstants() {
        DoubleBinaryOperator f = Expressions.xy("2*pi^2*sin(pi*x)*sin(pi*y) + exp(-x) - sqrt(abs(y)) + e");
        double x = 0.3, y = -0.7;
        assertThat(f.applyAsDouble(x, y)).isCloseTo(2 * Math.PI * Math.PI * Math.sin(Math.PI * x) * Math.sin(Math.PI * y)
                + Math.exp(-x) - Math.sqrt(Math.abs(y)) + Math.E, within(1e-12));
    }

    @Test
    void errorsNameTheProblemAndWhere() {
        assertThatThrownBy(() -> Expressions.xy("1+z")).hasMessageContaining("'1+z'").hasMessageContaining("'z'").hasMessageContaining("pos 2");
        assertThatThrownBy(() -> Expressions.xy("sin(x*(y+1)")).hasMessageContaining("'(' at position 4 is never closed");
        assertThatThrownBy(() -> Expressions.xy("x)+1")).hasMessageContaining("')' at position 2 closes nothing");
        assertThatThrownBy(() -> Expressions.xy("x + * y")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad expression 'x + * y'");
        assertThatThrownBy(() -> Expressions.xy("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** exp4j keeps variables in the expression: parallel callers must not see each other's x and y. */
    @Test
    void safeToEvaluateFromManyThreads() {
        DoubleBinaryOperator f = Expressions.xy("x*1000+y");
        assertThat(IntStream.range(0, 200_000).parallel().filter(i -> f.applyAsDouble(i % 977, i % 13) != (i % 977) * 1000 + i % 13).count()).isZero();
    }
}
