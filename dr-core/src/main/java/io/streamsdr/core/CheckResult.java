package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;

/**
 * The outcome of one check: a step's {@link Precondition}, a drill's post-restore verification, or a
 * drill's teardown action. Immutable; its texts are redacted by whoever made it.
 *
 * @param subject what was checked: a step id for a precondition, {@code "verification"} or
 *                {@code "teardown"} in a drill
 * @param name    what must hold or what was done, in words
 * @param passed  whether it held (or the action succeeded)
 * @param detail  what was found; for a failure, why
 * @param took    how long the check took on the run's clock
 */
public record CheckResult(String subject, String name, boolean passed, String detail, Duration took) {

    /** @throws InvalidConfigurationException when a text is blank or the duration null or negative */
    public CheckResult {
        Check.notBlank("check subject", subject);
        Check.notBlank("check name", name);
        Check.notNull("check detail", detail);
        Check.notNegative("check duration", took);
    }

    /** A copy whose detail went through {@code redact}. */
    CheckResult redacted(java.util.function.UnaryOperator<String> redact) {
        return new CheckResult(subject, redact.apply(name), passed, redact.apply(detail), took);
    }

    /** One line: {@code [ok] subject: name — detail}. */
    @Override
    public String toString() {
        return (passed ? "[ok] " : "[FAILED] ") + subject + ": " + name + " \u2014 " + detail;
    }
}
