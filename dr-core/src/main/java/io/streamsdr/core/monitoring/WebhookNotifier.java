package io.streamsdr.core.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsdr.core.DrillListener;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.spi.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a chat channel or an incident tool how a plan or a drill went: one JSON message posted to a webhook when
 * it finishes, and one as soon as a step fails. The body is Slack-compatible (a {@code text} line that reads well
 * in a channel) and carries the plain summary next to it ({@code summary}: outcome, RTO and RPO per component,
 * objectives, failures, and the link to the report when you give one), so any other tool can read it.
 *
 * <pre>{@code
 * WebhookNotifier slack = WebhookNotifier.to(Secret.of(webhookUrl))   // e.g. System.getenv("SLACK_WEBHOOK_URL")
 *     .withReportLink(URI.create("https://ci.example.com/job/dr-drill/42/artifact/report.html"))
 *     .build();
 * failover.drill().onEvents(slack).run(options);       // a drill: one message when it ends (and one per failed step)
 * failover.plan().execute(options.onEvents(slack));     // a real failover: the same, on the plan's end
 * }</pre>
 *
 * <p><b>It never hurts the run.</b> Messages are posted from a thread of the notifier's own, so a slow webhook
 * holds no step back; the plan's or drill's end waits for its message, within the budget: each attempt has the
 * {@linkplain Builder#withTimeout timeout}, a refusal that may pass (a timeout, a broken connection, HTTP 408, 425,
 * 429 or 5xx) is tried again after a backoff that doubles from {@linkplain Builder#withBackoff the first} (or
 * after the {@code Retry-After} the webhook asked for, at most {@value #MAX_BACKOFF_SECONDS} s), up to
 * {@linkplain Builder#withAttempts the attempts}; any other answer (HTTP 400, 403, 404...) is not tried again.
 * What was not delivered becomes a warning: in the {@link DrillReport#warnings() drill report} for a drill, in
 * the log (logger {@code io.streamsdr.core.monitoring.WebhookNotifier}, WARN) for a plan. Backoffs wait through
 * the {@linkplain Builder#withSleeper sleeper}, never {@code Thread.sleep}.
 *
 * <p><b>Secrets.</b> The webhook URL is a {@link Secret} (Slack's holds its token): messages and warnings show only
 * its scheme, host and port. The texts posted come from the reports and events, which the run has already
 * redacted.
 *
 * <p>It hears one run at a time, as plan listeners do. Thread-safe.
 */
public final class WebhookNotifier implements DrillListener {
    /** The default timeout of one attempt: 5 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The default number of attempts per message: 3. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** The default first backoff: 1 second (then 2, 4...). */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    /** No backoff, and no {@code Retry-After} honoured, is longer than this many seconds. */
    public static final int MAX_BACKOFF_SECONDS = 60;
    /** The version of the {@code summary} layout; documented in docs/monitoring.md. */
    public static final int SUMMARY_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final int MAX_LISTED = 5;
    private static final int MAX_TEXT = 500;

    private final Secret url;
    private final URI uri;
    private final String shown;
    private final Duration timeout;
    private final int attempts;
    private final Duration backoff;
    private final URI reportLink;
    private final Sleeper sleeper;
    private final Set<String> drills = ConcurrentHashMap.newKeySet();
    private final List<String> warnings = new ArrayList<>();
    private volatile String currentPlan = "?";
    private HttpClient http;
    private ExecutorService poster;

    private WebhookNotifier(Builder b) {
        this.url = b.url;
        this.uri = b.uri;
        this.shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/" + Secret.MASK;
        this.timeout = b.timeout;
        this.attempts = b.attempts;
        this.backoff = b.backoff;
        this.reportLink = b.reportLink;
        this.sleeper = b.sleeper;
    }

    /**
     * Starts describing a notifier that posts to this webhook.
     *
     * @throws InvalidConfigurationException when the URL is null, not an absolute http(s) URL with a host, or plain
     *         http to a host that is not loopback (it would send the webhook's token in clear). The message never shows
     *         the URL.
     */
    public static Builder to(Secret webhookUrl) {
        return new Builder(Check.notNull("webhook URL", webhookUrl));
    }

    /** The webhook as messages show it: scheme, host and port, the rest masked. */
    public String webhook() {
        return shown;
    }

    // ------------------------------------------------------------------ events

    @Override
    public void planStarted(String planName, int steps, Instant at) {
        currentPlan = planName;
    }

    /** Posts "step X failed" at once (from the notifier's thread: the step's thread does not wait). */
    @Override
    public void stepFailed(String stepId, int attempts, String reason, Instant at) {
        String plan = currentPlan;
        ObjectNode summary = summary("step_failed", plan, "failed", at);
        ObjectNode step = summary.putObject("step");
        step.put("id", stepId);
        step.put("attempts", attempts);
        step.put("reason", cut(reason));
        String text = (drills.contains(plan) ? "Drill " : "Plan ") + plan + ": step " + stepId + " FAILED after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + cut(reason) + link();
        enqueue(text, summary, (drills.contains(plan) ? "drill '" : "plan '") + plan + "' (step " + stepId + " failed)");
    }

    /** Posts the plan's end, unless the plan runs as a drill this notifier hears (the drill's end is posted then). */
    @Override
    public void planFinished(PlanReport report) {
        if (drills.contains(report.planName())) {
            return;
        }
        ObjectNode summary = summary("plan_finished", report.planName(), report.outcome().name().toLowerCase(Locale.ROOT),
                report.finishedAt());
        measures(summary, Optional.of(report.rto()).filter(d -> report.succeeded()), report.rpo(), report.objectives());
        ArrayNode failures = summary.putArray("failures");
        report.steps().stream().filter(s -> s.error().isPresent()).limit(MAX_LISTED)
                .forEach(s -> failures.add(cut("step " + s.id() + ": " + s.error().get())));
        String text = "Plan " + report.planName() + " " + report.outcome() + ": " + figures(report.succeeded() ? Optional.of(report.rto())
                : Optional.empty(), report.rpo(), report.objectives()) + listed(failures) + link();
        enqueue(text, summary, "plan '" + report.planName() + "' (" + report.outcome().name().toLowerCase(Locale.ROOT) + ")");
        for (String w : drain()) {
            LOG.warn("{}", w);
        }
    }

    @Override
    public void drillStarted(String drill, Instant at) {
        drills.add(drill);
    }

    /** Posts the drill's end and returns what could not be delivered during the drill, as warnings. */
    @Override
    public List<String> drillFinished(DrillReport report) {
        drills.remove(report.drill());
        ObjectNode summary = summary("drill_finished", report.drill(), report.passed() ? "passed" : "failed", report.finishedAt());
        Optional<Duration> rto = report.rto().filter(d -> report.plan().map(PlanReport::succeeded).orElse(false));
        measures(summary, rto, report.rpo(), report.objectives());
        ArrayNode failures = summary.putArray("failures");
        report.failures().stream().limit(MAX_LISTED).forEach(f -> failures.add(cut(f)));
        String text = "Drill " + report.drill() + " " + (report.passed() ? "PASSED" : "FAILED") + ": "
                + figures(rto, report.rpo(), report.objectives()) + listed(failures) + link();
        enqueue(text, summary, "drill '" + report.drill() + "' (" + (report.passed() ? "passed" : "failed") + ")");
        return drain();
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + shown + ", " + attempts + " attempts of " + Durations.format(timeout) + "]";
    }

    // ------------------------------------------------------------------ messages

    private ObjectNode summary(String event, String name, String outcome, Instant at) {
        ObjectNode s = JSON.createObjectNode();
        s.put("summaryVersion", SUMMARY_VERSION);
        s.put("event", event);
        s.put("name", name);
        s.put("outcome", outcome);
        s.put("at", at.toString());
        s.put("report", reportLink == null ? null : reportLink.toString());
        return s;
    }

    private static void measures(ObjectNode s, Optional<Duration> rto, Map<String, Duration> rpo, List<ObjectiveResult> objectives) {
        if (rto.isPresent()) {
            s.put("rtoMillis", rto.get().toMillis());
        } else {
            s.putNull("rtoMillis");
        }
        ObjectNode r = s.putObject("rpoMillis");
        rpo.forEach((c, d) -> r.put(c, d.toMillis()));
        ArrayNode o = s.putArray("objectives");
        for (ObjectiveResult x : objectives) {
            ObjectNode n = o.addObject();
            n.put("name", x.name());
            n.put("objectiveMillis", x.objective().toMillis());
            if (x.achieved().isPresent()) {
                n.put("achievedMillis", x.achieved().get().toMillis());
            } else {
                n.putNull("achievedMillis");
            }
            n.put("met", x.met());
            n.put("description", x.describe());
        }
    }

    private static String figures(Optional<Duration> rto, Map<String, Duration> rpo, List<ObjectiveResult> objectives) {
        StringBuilder sb = new StringBuilder();
        sb.append("RTO ").append(rto.map(Durations::format).orElse("not measured"));
        objectives.stream().filter(o -> o.name().equals("RTO")).findFirst()
                .ifPresent(o -> sb.append(" (objective ").append(Durations.format(o.objective())).append(o.met() ? ", met)" : ", MISSED)"));
        if (!rpo.isEmpty()) {
            sb.append("; RPO ");
            List<String> parts = new ArrayList<>();
            rpo.forEach((c, d) -> {
                Optional<ObjectiveResult> o = objectives.stream().filter(x -> x.name().equals("RPO " + c)).findFirst();
                parts.add(c + " " + Durations.format(d) + o.map(x -> " (objective " + Durations.format(x.objective())
                        + (x.met() ? ", met)" : ", MISSED)")).orElse(""));
            });
            sb.append(String.join(", ", parts));
        }
        return sb.toString();
    }

    private static String listed(ArrayNode failures) {
        if (failures.isEmpty()) {
            return "";
        }
        List<String> all = new ArrayList<>();
        failures.forEach(f -> all.add(f.asText()));
        return ". " + (all.size() == 1 ? "Failure: " : "Failures: ") + String.join("; ", all);
    }

    private String link() {
        return reportLink == null ? "" : ". Report: " + reportLink;
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "\u2026";
    }

    // ------------------------------------------------------------------ delivery

    private synchronized void enqueue(String text, ObjectNode summary, String what) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        body.set("summary", summary);
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            warnings.add("notification of " + what + " to webhook " + shown + " not sent: it could not be rendered: " + e.getMessage());
            return;
        }
        if (poster == null) {
            poster = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "streams-dr-webhook");
                t.setDaemon(true);
                return t;
            });
        }
        poster.submit(() -> {
            String failed = deliver(json);
            if (failed != null) {
                synchronized (this) {
                    warnings.add("notification of " + what + " to webhook " + shown + " not delivered: " + failed);
                }
            }
        });
    }

    /** Waits for every message queued so far, then hands over the warnings gathered. */
    private List<String> drain() {
        Future<?> last;
        synchronized (this) {
            last = poster == null ? null : poster.submit(() -> { });
        }
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.warn("The webhook's poster failed: {}", mask(String.valueOf(e.getCause())));
            }
        }
        synchronized (this) {
            List<String> out = List.copyOf(warnings);
            warnings.clear();
            return out;
        }
    }

    /** Posts one message within the budget; returns null when delivered, else what happened, attempt by attempt. */
    private String deliver(String json) {
        List<String> tries = new ArrayList<>();
        sleeper.workStarted();
        try {
            Duration wait = backoff;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                Duration retryAfter = null;
                boolean again;
                try {
                    HttpResponse<String> res = client().send(HttpRequest.newBuilder(uri).timeout(timeout)
                            .header("Content-Type", "application/json; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    int code = res.statusCode();
                    if (code >= 200 && code < 300) {
                        return null;
                    }
                    again = code == 408 || code == 425 || code == 429 || code >= 500;
                    String body = res.body() == null ? "" : res.body().strip();
                    tries.add("HTTP " + code + (body.isEmpty() ? "" : " " + mask(cut(body.length() > 100 ? body.substring(0, 100) : body))));
                    retryAfter = res.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,9}"))
                            .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
                    if (!again) {
                        return String.join("; ", tries) + " (not tried again: the webhook refuses this message; check its URL)";
                    }
                } catch (HttpTimeoutException e) {
                    tries.add("no answer within " + Durations.format(timeout));
                } catch (IOException e) {
                    tries.add(mask(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    tries.add("interrupted");
                    break;
                } catch (RuntimeException e) {
                    tries.add(mask(e.toString()));
                    break;
                }
                if (attempt < attempts) {
                    Duration pause = retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
                    Duration cap = Duration.ofSeconds(MAX_BACKOFF_SECONDS);
                    sleeper.sleep(pause.compareTo(cap) > 0 ? cap : pause);
                    wait = wait.multipliedBy(2).compareTo(cap) > 0 ? cap : wait.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tries.add("interrupted");
        } finally {
            sleeper.workFinished();
        }
        return tries.size() + (tries.size() == 1 ? " attempt: " : " attempts: ") + String.join("; ", tries);
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** Hides the webhook's path and query wherever a third party's message quotes them. */
    private String mask(String text) {
        String out = text.replace(url.reveal(), shown);
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            out = out.replace(path, "/" + Secret.MASK);
        }
        if (uri.getRawQuery() != null) {
            out = out.replace(uri.getRawQuery(), Secret.MASK);
        }
        return out;
    }

    /** Builds a {@link WebhookNotifier}. Not thread-safe. */
    public static final class Builder {
        private final Secret url;
        private final URI uri;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int attempts = DEFAULT_ATTEMPTS;
        private Duration backoff = DEFAULT_BACKOFF;
        private URI reportLink;
        private Sleeper sleeper = RunOptions.defaults().sleeper();

        private Builder(Secret url) {
            this.url = url;
            URI parsed;
            try {
                parsed = new URI(url.reveal());
            } catch (java.net.URISyntaxException e) {
                throw new InvalidConfigurationException("webhook URL", "must be an absolute http or https URL with a host; it is not a "
                        + "URL (the value is not shown: it is a secret)");
            }
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!parsed.isAbsolute() || parsed.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new InvalidConfigurationException("webhook URL", "must be an absolute http or https URL with a host"
                        + " (the value is not shown: it is a secret)");
            }
            if (scheme.equals("http") && !loopback(parsed.getHost())) {
                throw new InvalidConfigurationException("webhook URL", "must use https: plain http would send the webhook's token in "
                        + "clear to " + parsed.getHost() + "; http is accepted only for a loopback host (localhost, 127.0.0.1, [::1]), for tests");
            }
            this.uri = parsed;
        }

        private static boolean loopback(String host) {
            return host.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(host).matches() || host.equals("[::1]") || host.equals("::1");
        }

        /**
         * How long one attempt may take, connecting included; default {@link #DEFAULT_TIMEOUT}.
         *
         * @throws InvalidConfigurationException when null, not positive, or longer than 2 minutes
         */
        public Builder withTimeout(Duration timeout) {
            Check.positive("webhook timeout", timeout);
            if (timeout.compareTo(Duration.ofMinutes(2)) > 0) {
                throw new InvalidConfigurationException("webhook timeout", "must be at most 2m (the run's end waits for the message), was "
                        + Durations.format(timeout));
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many times a message is tried at most, the first included; default {@value #DEFAULT_ATTEMPTS}.
         *
         * @throws InvalidConfigurationException when below 1 or above 10
         */
        public Builder withAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new InvalidConfigurationException("webhook attempts", "must be between 1 and 10, was " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /**
         * The pause after the first failed attempt; each next one doubles, up to {@value #MAX_BACKOFF_SECONDS} s.
         * Default {@link #DEFAULT_BACKOFF}.
         *
         * @throws InvalidConfigurationException when null, not positive, or longer than {@value #MAX_BACKOFF_SECONDS} s
         */
        public Builder withBackoff(Duration first) {
            Check.positive("webhook backoff", first);
            if (first.compareTo(Duration.ofSeconds(MAX_BACKOFF_SECONDS)) > 0) {
                throw new InvalidConfigurationException("webhook backoff", "must be at most " + MAX_BACKOFF_SECONDS + "s, was "
                        + Durations.format(first));
            }
            this.backoff = first;
            return this;
        }

        /**
         * Where readers find the whole report (the CI job's artifact, a shared drive); put in every message.
         *
         * @throws InvalidConfigurationException when null, or not an absolute http, https or file URI
         */
        public Builder withReportLink(URI link) {
            Check.notNull("report link", link);
            String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
            if (!link.isAbsolute() || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
                throw new InvalidConfigurationException("report link", "must be an absolute http, https or file URI, was '" + link + "'");
            }
            this.reportLink = link;
            return this;
        }

        /**
         * What backoffs wait through; default real time ({@link Sleeper#system()}); in tests dr-testkit's
         * {@code VirtualClock}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withSleeper(Sleeper sleeper) {
            this.sleeper = Check.notNull("webhook sleeper", sleeper);
            return this;
        }

        /** The notifier. */
        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }
}
