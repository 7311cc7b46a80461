package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link PlanListener#console(PrintStream)}: a line per event, prefixed with the plan time elapsed.
 * On a terminal, progress of a running step rewrites one line in place; elsewhere every event is a
 * plain line, so CI logs stay readable.
 */
public final class ConsoleProgress implements PlanListener {
    private final PrintStream out;
    private final boolean terminal;
    private Instant start;
    private boolean progressLineOpen;

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    private String t(Instant at) {
        if (start == null) {
            start = at;
        }
        Duration d = Duration.between(start, at);
        return String.format("[%02d:%02d:%02d]", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    private void line(Instant at, String text) {
        if (progressLineOpen) {
            out.print("\r\033[2K");
            progressLineOpen = false;
        }
        out.println(t(at) + " " + text);
        out.flush();
    }

    @Override
    public void planStarted(String planName, int steps, Instant at) {
        start = at;
        line(at, "plan " + planName + ": " + steps + " steps");
    }

    @Override
    public void stepStarted(String stepId, String description, boolean resuming, Instant at) {
        line(at, "> " + stepId + (resuming ? " (resuming)" : "") + ": " + description);
    }

    @Override
    public void stepProgress(String stepId, String message, Instant at) {
        if (terminal) {
            out.print("\r\033[2K" + t(at) + "   " + stepId + ": " + message);
            out.flush();
            progressLineOpen = true;
        } else {
            line(at, "  " + stepId + ": " + message);
        }
    }

    @Override
    public void stepRetrying(String stepId, int failedAttempt, String reason, Duration backoff, Instant at) {
        line(at, "! " + stepId + " attempt " + failedAttempt + " failed (" + reason + "), retry in " + Durations.format(backoff));
    }

    @Override
    public void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
        line(at, "ok " + stepId + " in " + Durations.format(took));
    }

    @Override
    public void stepFailed(String stepId, int attempts, String reason, Instant at) {
        line(at, "FAILED " + stepId + ": " + reason);
    }

    @Override
    public void stepSkipped(String stepId, String reason, Instant at) {
        line(at, "- " + stepId + " skipped: " + reason);
    }

    @Override
    public void planFinished(PlanReport report) {
        line(report.finishedAt(), "plan " + report.planName() + " " + report.outcome() + ": RTO " + Durations.format(report.rto())
                + ", critical path " + String.join(" -> ", report.criticalPath()));
    }
}
