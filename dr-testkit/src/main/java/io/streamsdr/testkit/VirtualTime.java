package io.streamsdr.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a non-static {@link VirtualClock} field that {@link DrExtension} sets before each test to
 * that test's clock: the same instance that test's {@code VirtualClock} parameters receive.
 *
 * <pre>{@code
 * @ExtendWith(DrExtension.class)
 * class RestoreTest {
 *     @VirtualTime VirtualClock clock;
 *
 *     @Test
 *     void startsAtTheDefaultInstant() {
 *         assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface VirtualTime {
}
