package io.streamsdr.core.internal;

import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.spi.Sleeper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link PlanListener#console(PrintStream)}: a line per event, prefixed with the plan time elapsed.
 * On a terminal, progress of a running step rewrites one line in place; elsewhere every event is a
 * plain line, so CI logs stay readable.
 *
 * <p>Progress is told once per state of a step: a message that differs from one already shown for that step
 * only in its numbers or its bracketed lists is not repeated ("status creating" is shown once, not at every poll), and
 * the poller's "(check n, elapsed, next in ...)" suffix is left out. Lines are kept short (160 characters of message at most)
 * and timestamps in them lose their fraction of a second. Once the engine told it the run's sleeper, the plan's
 * first and last lines say whether the times are simulated or real.
 */
public final class ConsoleProgress implements PlanListener {
    /** The longest progress message shown, in characters; longer ones are cut at a word and end with an ellipsis. */
    static final int MAX_PROGRESS = 160;
    private static final Pattern INSTANT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\.\\d+Z");
    private static final Pattern CHECK_SUFFIX = Pattern.compile("\\s*\\(check \\d+[^)]*\\)\\s*$");
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Set<String>> shownStates = new HashMap<>();
    private Instant start;
    private boolean progressLineOpen;
    private String timeLabel;
    private String timeDetail;

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Told by the engine before the plan starts: which time the run's clock keeps, for the labels. */
    synchronized void timeOf(Sleeper sleeper) {
        double scale = sleeper.timeScale();
        if (sleeper.simulatesTime()) {
            timeLabel = "simulated";
            timeDetail = "times simulated, virtual clock";
        } else if (scale != 1 && scale > 0 && !Double.isInfinite(scale)) {
            timeLabel = "simulated";
            timeDetail = "times simulated, clock x" + (scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale))
                    + ": 1 real second = " + (scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale)) + " simulated seconds";
        } else {
            timeLabel = "real";
            timeDetail = "times real";
        }
    }

    private String t(Instant at) {
        if (start == null) {
            start = at;
        }
        Duration d = Duration.between(start, at);
        return String.format(Locale.ROOT, "[%02d:%02d:%02d]", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    private void line(Instant at, String text) {
        if (progressLineOpen) {
            out.print("\r\033[2K");
            progressLineOpen = false;
        }
        out.println(t(at) + " " + withoutFractions(text));
        out.flush();
    }

    /** ISO-8601 instants to the second: {@code 2026-12-05T21:10:17.440157340Z} becomes {@code 2026-12-05T21:10:17Z}. */
    static String withoutFractions(String text) {
        return INSTANT.matcher(text).replaceAll("$1Z");
    }

    /** What makes two progress messages of a step the same state: the message without numbers, lists and the poll suffix. */
    static String state(String message) {
        return CHECK_SUFFIX.matcher(message).replaceAll("").replaceAll("\\[[^\\]]*\\]", "[]").replaceAll("\\d+", "#");
    }

    /** The message cut at a word to at most {@link #MAX_PROGRESS} characters. */
    static String shorten(String message) {
        if (message.length() <= MAX_PROGRESS) {
            return message;
        }
        int clause = message.lastIndexOf("; ", MAX_PROGRESS - 2);
        if (clause > MAX_PROGRESS / 2) {
            return message.substring(0, clause) + "; \u2026"; // the clauses after a semicolon are the details
        }
        int cut = message.lastIndexOf(' ', MAX_PROGRESS - 1);
        return message.substring(0, cut > MAX_PROGRESS / 2 ? cut : MAX_PROGRESS - 1) + "\u2026";
    }

    @Override
    public synchronized void planStarted(String planName, int steps, Instant at) {
        start = at;
        shownStates.clear();
        line(at, "plan " + planName + ": " + steps + " steps" + (timeDetail == null ? "" : " (" + timeDetail + ")"));
    }

    @Override
    public synchronized void stepStarted(String stepId, String description, boolean resuming, Instant at) {
        shownStates.remove(stepId);
        line(at, "> " + stepId + (resuming ? " (resuming)" : "") + ": " + description);
    }

    @Override
    public synchronized void stepProgress(String stepId, String message, Instant at) {
        String text = shorten(withoutFractions(CHECK_SUFFIX.matcher(message).replaceAll("")));
        if (terminal) {
            out.print("\r\033[2K" + t(at) + "   " + stepId + ": " + text);
            out.flush();
            progressLineOpen = true;
        } else if (shownStates.computeIfAbsent(stepId, k -> new HashSet<>()).add(state(message))) {
            line(at, "  " + stepId + ": " + text);
        }
    }

    @Override
    public synchronized void stepRetrying(String stepId, int failedAttempt, String reason, Duration backoff, Instant at) {
        line(at, "! " + stepId + " attempt " + failedAttempt + " failed (" + reason + "), retry in " + Durations.format(backoff));
    }

    @Override
    public synchronized void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
        line(at, "ok " + stepId + " in " + Durations.format(took));
    }

    @Override
    public synchronized void stepFailed(String stepId, int attempts, String reason, Instant at) {
        line(at, "FAILED " + stepId + ": " + reason);
    }

    @Override
    public synchronized void stepSkipped(String stepId, String reason, Instant at) {
        line(at, "- " + stepId + " skipped: " + reason);
    }

    @Override
    public synchronized void planFinished(PlanReport report) {
        line(report.finishedAt(), "plan " + report.planName() + " " + report.outcome() + ": RTO " + Durations.format(report.rto())
                + (timeLabel == null ? "" : " (" + timeLabel + ")") + ", critical path " + String.join(" -> ", report.criticalPath()));
    }
}
