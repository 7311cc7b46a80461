package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PlanListener#logging()}: one log line per event under {@code io.streamsdr.plan}. */
public final class LoggingListener implements PlanListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.streamsdr.plan");

    @Override
    public void planStarted(String planName, int steps, Instant at) {
        LOG.info("Plan '{}' started: {} steps", planName, steps);
    }

    @Override
    public void stepStarted(String stepId, String description, boolean resuming, Instant at) {
        LOG.info("Step '{}' started{}: {}", stepId, resuming ? " (resuming after a crash)" : "", description);
    }

    @Override
    public void stepProgress(String stepId, String message, Instant at) {
        LOG.debug("Step '{}': {}", stepId, message);
    }

    @Override
    public void stepRetrying(String stepId, int failedAttempt, String reason, Duration backoff, Instant at) {
        LOG.warn("Step '{}' attempt {} failed, retrying in {}: {}", stepId, failedAttempt, Durations.format(backoff), reason);
    }

    @Override
    public void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
        LOG.info("Step '{}' succeeded in {}{}", stepId, Durations.format(took), attempts > 1 ? " after " + attempts + " attempts" : "");
    }

    @Override
    public void stepFailed(String stepId, int attempts, String reason, Instant at) {
        LOG.error("Step '{}' failed after {} attempt(s): {}", stepId, attempts, reason);
    }

    @Override
    public void stepSkipped(String stepId, String reason, Instant at) {
        LOG.info("Step '{}' skipped: {}", stepId, reason);
    }

    @Override
    public void planFinished(PlanReport report) {
        if (report.succeeded()) {
            LOG.info("Plan '{}' succeeded: RTO {}, critical path {}", report.planName(), Durations.format(report.rto()),
                    String.join(" -> ", report.criticalPath()));
        } else {
            LOG.error("Plan '{}' {} after {}", report.planName(), report.outcome().name().toLowerCase(java.util.Locale.ROOT),
                    Durations.format(report.elapsed()));
        }
    }
}
