package io.streamsdr.testkit;

import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ProtectionStatus}; start with
 * {@link DrAssertions#assertThat(ProtectionStatus)}.
 */
public final class ProtectionStatusAssert extends AbstractAssert<ProtectionStatusAssert, ProtectionStatus> {

    /** Prefer {@link DrAssertions#assertThat(ProtectionStatus)}. */
    public ProtectionStatusAssert(ProtectionStatus actual) {
        super(actual, ProtectionStatusAssert.class);
    }

    /** Protection is healthy. */
    public ProtectionStatusAssert isHealthy() {
        isNotNull();
        if (!actual.healthy()) {
            failWithMessage("Expected protection of '%s' to be healthy, but it is not: %s (RPO %s)", actual.target(),
                    actual.reason().orElse("no reason given"), rpo());
        }
        return this;
    }

    /** Protection is not healthy. */
    public ProtectionStatusAssert isUnhealthy() {
        isNotNull();
        if (actual.healthy()) {
            failWithMessage("Expected protection of '%s' to be unhealthy, but it is healthy (RPO %s)", actual.target(), rpo());
        }
        return this;
    }

    /** Protection is unhealthy for a reason containing {@code text}. */
    public ProtectionStatusAssert isUnhealthyBecause(String text) {
        isUnhealthy();
        if (actual.reason().filter(r -> r.contains(text)).isEmpty()) {
            failWithMessage("Expected protection of '%s' to be unhealthy because of \"%s\", but the reason is \"%s\"",
                    actual.target(), text, actual.reason().orElse("none"));
        }
        return this;
    }

    /** There is a recovery point and the current RPO is at most {@code limit}. */
    public ProtectionStatusAssert rpoAtMost(Duration limit) {
        isNotNull();
        if (actual.rpo().isEmpty()) {
            failWithMessage("Expected '%s' to have an RPO of at most %s, but it has no recovery point (%s)", actual.target(),
                    Durations.format(limit), actual.reason().orElse("no reason given"));
        } else if (actual.rpo().get().compareTo(limit) > 0) {
            failWithMessage("Expected '%s' to have an RPO of at most %s, but it is %s", actual.target(), Durations.format(limit),
                    rpo());
        }
        return this;
    }

    private String rpo() {
        return actual.rpo().map(Durations::format).orElse("none: no recovery point");
    }
}
