package io.streamsdr.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook notifier against a real HTTP server on loopback (the JDK's {@code HttpServer}): the Slack-compatible
 * body and its summary, one post per drill end and per failed step, retries with backoff through the sleeper on
 * 500, 429 and a server that hangs, no retry on 404, warnings in the drill report, the token never shown, and the
 * builder's rules.
 */
class WebhookNotifierTest {
    private static final String TOKEN_PATH = "/services/T0A1B2C3/B4D5E6F7/xoxb-s3cr3t-t0k3n";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = VirtualClock.DEFAULT_START;

    /** What the server does with the next request: answer with a status and body (and a Retry-After), or hang. */
    private record Answer(int status, String body, String retryAfter, boolean hang) {
        static Answer of(int status, String body) {
            return new Answer(status, body, null, false);
        }
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext(TOKEN_PATH, this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + TOKEN_PATH;
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + ex.getRequestMethod());
        Answer a = script.isEmpty() ? Answer.of(200, "ok") : script.poll();
        if (a.hang()) {
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", a.retryAfter());
        }
        byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private WebhookNotifier.Builder notifier(VirtualClock clock) {
        return WebhookNotifier.to(Secret.of(url)).withSleeper(clock)
                .withReportLink(URI.create("https://ci.example.com/job/dr-drill/42/artifact/report.html"));
    }

    private String shown() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/****";
    }

    @Test
    void aDrillPostsOneSlackCompatibleMessageWithItsSummary() throws IOException {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            WebhookNotifier slack = notifier(s.clock).build();
            DrillReport report = s.failover.drill().onEvents(slack).run(s.options());

            assertThat(report.passed()).isTrue();
            assertThat(report.warnings()).isEmpty();
            assertThat(bodies).hasSize(1);
            assertThat(contentTypes).containsExactly("application/json; charset=utf-8 POST");
            JsonNode body = JSON.readTree(bodies.get(0));
            assertThat(body.get("text").asText()).isEqualTo("Drill streams-failover PASSED: RTO 21m (objective 45m, met); RPO rds 4m "
                    + "(objective 15m, met), namespace streams 50m (objective 2h, met), kafka 0s (objective 5m, met). "
                    + "Report: https://ci.example.com/job/dr-drill/42/artifact/report.html");
            JsonNode summary = body.get("summary");
            assertThat(summary.get("summaryVersion").asInt()).isEqualTo(1);
            assertThat(summary.get("event").asText()).isEqualTo("drill_finished");
            assertThat(summary.get("name").asText()).isEqualTo("streams-failover");
            assertThat(summary.get("outcome").asText()).isEqualTo("passed");
            assertThat(summary.get("at").asText()).isEqualTo(report.finishedAt().toString());
            assertThat(summary.get("report").asText()).isEqualTo("https://ci.example.com/job/dr-drill/42/artifact/report.html");
            assertThat(summary.get("rtoMillis").asLong()).isEqualTo(Duration.ofMinutes(21).toMillis());
            assertThat(summary.get("rpoMillis").toString()).isEqualTo("{\"rds\":240000,\"namespace streams\":3000000,\"kafka\":0}");
            assertThat(summary.get("objectives").get(0).toString()).isEqualTo("{\"name\":\"RTO\",\"objectiveMillis\":2700000,"
                    + "\"achievedMillis\":1260000,\"met\":true,\"description\":\"RTO 21m within the 45m objective\"}");
            assertThat(summary.get("objectives")).hasSize(4);
            assertThat(summary.get("failures")).isEmpty();
        }
    }

    @Test
    void aFailedStepIsPostedAtOnceAndTheDrillsEndAfterIt() throws IOException {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            WebhookNotifier slack = notifier(s.clock).build();
            s.script(Duration.ofMinutes(3), true);
            DrillReport failed = s.failover.drill().onEvents(slack).run(s.options().onEvents(slack)); // in the options too: heard once

            assertThat(failed.passed()).isFalse();
            assertThat(bodies).as("one post for the step, one for the drill's end").hasSize(2);
            JsonNode step = JSON.readTree(bodies.get(0));
            assertThat(step.get("text").asText()).isEqualTo("Drill streams-failover: step restore FAILED after 1 attempt: "
                    + failed.plan().orElseThrow().step("restore").orElseThrow().error().orElseThrow()
                    + ". Report: https://ci.example.com/job/dr-drill/42/artifact/report.html");
            assertThat(step.get("summary").get("event").asText()).isEqualTo("step_failed");
            assertThat(step.get("summary").get("outcome").asText()).isEqualTo("failed");
            assertThat(step.get("summary").get("step").get("id").asText()).isEqualTo("restore");
            assertThat(step.get("summary").get("step").get("attempts").asInt()).isEqualTo(1);
            assertThat(step.get("summary").get("step").get("reason").asText()).contains("RDS instance 'streams-db-dr' to be available",
                    "its status is failed");
            JsonNode end = JSON.readTree(bodies.get(1));
            assertThat(end.get("summary").get("event").asText()).isEqualTo("drill_finished");
            assertThat(end.get("summary").get("outcome").asText()).isEqualTo("failed");
            assertThat(end.get("summary").get("rtoMillis").isNull()).as("a failed run recovered nothing").isTrue();
            assertThat(end.get("text").asText()).isEqualTo("Drill streams-failover FAILED: RTO not measured (objective 45m, MISSED); "
                    + "RPO rds 4m (objective 15m, met), namespace streams 50m (objective 2h, met), kafka 0s (objective 5m, met). Failures: "
                    + "the plan failed: Step 'restore' of plan 'streams-failover' failed on attempt 1 of 1: RDS instance 'streams-db-dr' to "
                    + "be available cannot complete: its status is failed (after 1 check over 3m); objective missed: RTO not measured "
                    + "(objective 45m): the plan failed. Report: https://ci.example.com/job/dr-drill/42/artifact/report.html");
            assertThat(end.get("summary").get("failures").get(0).asText()).isEqualTo(failed.failures().get(0));
            assertThat(failed.warnings()).isEmpty();
        }
    }

    @Test
    void aWebhookThatAnswers500IsTriedAgainAfterABackoffThroughTheSleeper() throws IOException {
        script.add(Answer.of(500, "internal_error"));
        script.add(Answer.of(503, ""));
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            DrillReport report = s.failover.drill().onEvents(notifier(s.clock).build()).run(s.options());

            assertThat(bodies).hasSize(3).as("the same message each time").containsOnly(bodies.get(0));
            assertThat(report.warnings()).isEmpty();
            assertThat(Duration.between(report.finishedAt(), s.clock.instant())).as("backoff 1s then 2s, on the virtual clock")
                    .isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void aRetryAfterIsHonoured() {
        script.add(new Answer(429, "rate_limited", "7", false));
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            DrillReport report = s.failover.drill().onEvents(notifier(s.clock).build()).run(s.options());
            assertThat(bodies).hasSize(2);
            assertThat(report.warnings()).isEmpty();
            assertThat(Duration.between(report.finishedAt(), s.clock.instant())).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void aWebhookThatHangsOrFailsIsAWarningOfTheReportNeverAFailureAndNeverShowsTheToken() throws IOException {
        script.add(new Answer(0, "", null, true));
        script.add(Answer.of(500, "boom " + TOKEN_PATH)); // a server that quotes the URL back
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            WebhookNotifier slack = notifier(s.clock).withTimeout(Duration.ofMillis(300)).withAttempts(2).build();
            DrillReport report = s.failover.drill().onEvents(slack).run(s.options());

            assertThat(report.passed()).as("failing to notify never fails the drill").isTrue();
            assertThat(report.failures()).isEmpty();
            String warning = "notification of drill 'streams-failover' (passed) to webhook " + shown() + " not delivered: 2 attempts: "
                    + "no answer within 300ms; HTTP 500 boom /****";
            assertThat(report.warnings()).containsExactly(warning);
            assertThat(JSON.readTree(report.toJson()).get("warnings").get(0).asText()).isEqualTo(warning);
            assertThat(report.toText()).endsWith("\nWarnings (they do not fail the drill):\n  - " + warning + "\n");
            assertThat(report.toHtml()).contains("<li>warning: " + warning.replace("'", "&#39;") + "</li>");
            for (String shownAnywhere : List.of(report.toJson(), report.toText(), report.toHtml(), slack.toString(), slack.webhook())) {
                assertThat(shownAnywhere).doesNotContain("xoxb-s3cr3t-t0k3n", "B4D5E6F7");
            }
        }
    }

    @Test
    void aRefusalIsNotTriedAgain() {
        script.add(Answer.of(404, "no_service"));
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            DrillReport report = s.failover.drill().onEvents(notifier(s.clock).build()).run(s.options());
            assertThat(bodies).hasSize(1);
            assertThat(report.warnings()).containsExactly("notification of drill 'streams-failover' (passed) to webhook " + shown()
                    + " not delivered: HTTP 404 no_service (not tried again: the webhook refuses this message; check its URL)");
        }
    }

    @Test
    void anUnreachableWebhookIsAWarningWithoutTheToken() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            WebhookNotifier slack = notifier(s.clock).withAttempts(2).build();
            server.stop(0); // nothing listens there any more
            DrillReport report = s.failover.drill().onEvents(slack).run(s.options());
            assertThat(report.warnings()).singleElement().asString()
                    .startsWith("notification of drill 'streams-failover' (passed) to webhook " + shown() + " not delivered: 2 attempts: ")
                    .contains("ConnectException")
                    .doesNotContain("xoxb-s3cr3t-t0k3n");
        }
    }

    @Test
    void aPlainPlanRunIsPostedOnItsEndAndWhatIsNotDeliveredIsLogged() throws IOException {
        VirtualClock clock = VirtualClock.create();
        RestorePlan plan = RestorePlan.builder("repoint-only").withStep(Step.named("helm-upgrade").withAction(c -> c.sleep(Duration.ofMinutes(2))))
                .build();
        WebhookNotifier slack = notifier(clock).build();
        PlanReport ok = plan.execute(io.streamsdr.core.RunOptions.defaults().withTime(clock, clock).onEvents(slack));
        assertThat(ok.succeeded()).isTrue();
        assertThat(bodies).hasSize(1);
        JsonNode body = JSON.readTree(bodies.get(0));
        assertThat(body.get("text").asText()).isEqualTo("Plan repoint-only SUCCEEDED: RTO 2m. Report: "
                + "https://ci.example.com/job/dr-drill/42/artifact/report.html");
        assertThat(body.get("summary").get("event").asText()).isEqualTo("plan_finished");
        assertThat(body.get("summary").get("outcome").asText()).isEqualTo("succeeded");

        script.add(Answer.of(404, "no_service"));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        PlanReport again;
        try {
            again = plan.execute(io.streamsdr.core.RunOptions.defaults().withTime(clock, clock).onEvents(slack));
        } finally {
            System.setErr(err);
        }
        assertThat(again.succeeded()).isTrue();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN io.streamsdr.core.monitoring.WebhookNotifier - notification "
                + "of plan 'repoint-only' (succeeded) to webhook " + shown() + " not delivered: HTTP 404 no_service (not tried again: the "
                + "webhook refuses this message; check its URL)").doesNotContain("xoxb-s3cr3t-t0k3n");
    }

    @Test
    void badSettingsAreRefusedWithoutShowingTheUrl() {
        assertThatThrownBy(() -> WebhookNotifier.to(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook URL: must not be null");
        assertThatThrownBy(() -> WebhookNotifier.to(Secret.of("http://hooks.slack.com/services/T0/B0/xoxb-s3cr3t-t0k3n")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook URL: must use https: plain http would send the webhook's token in clear to hooks.slack.com; "
                        + "http is accepted only for a loopback host (localhost, 127.0.0.1, [::1]), for tests");
        assertThatThrownBy(() -> WebhookNotifier.to(Secret.of("hooks slack com/xoxb-s3cr3t-t0k3n"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook URL: must be an absolute http or https URL with a host; it is not a URL (the value is not "
                        + "shown: it is a secret)");
        assertThatThrownBy(() -> WebhookNotifier.to(Secret.of("ftp://hooks.slack.com/xoxb-s3cr3t-t0k3n")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook URL: must be an absolute http or https URL with a host (the value is not shown: it is a secret)");
        assertThatThrownBy(() -> WebhookNotifier.to(Secret.of("/services/xoxb-s3cr3t-t0k3n"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook URL: must be an absolute http or https URL with a host (the value is not shown: it is a secret)");
        WebhookNotifier.Builder b = WebhookNotifier.to(Secret.of("https://hooks.slack.com/services/T0/B0/xoxb-s3cr3t-t0k3n"));
        assertThatThrownBy(() -> b.withAttempts(0)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook attempts: must be between 1 and 10, was 0");
        assertThatThrownBy(() -> b.withAttempts(11)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook attempts: must be between 1 and 10, was 11");
        assertThatThrownBy(() -> b.withTimeout(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook timeout: must be positive, was 0s");
        assertThatThrownBy(() -> b.withTimeout(Duration.ofMinutes(3))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook timeout: must be at most 2m (the run's end waits for the message), was 3m");
        assertThatThrownBy(() -> b.withBackoff(Duration.ofMinutes(2))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook backoff: must be at most 60s, was 2m");
        assertThatThrownBy(() -> b.withBackoff(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook backoff: must not be null");
        assertThatThrownBy(() -> b.withReportLink(URI.create("mailto:oncall@example.com"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid report link: must be an absolute http, https or file URI, was 'mailto:oncall@example.com'");
        assertThatThrownBy(() -> b.withReportLink(URI.create("report.html"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid report link: must be an absolute http, https or file URI, was 'report.html'");
        assertThatThrownBy(() -> b.withSleeper(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid webhook sleeper: must not be null");
        WebhookNotifier built = b.build();
        assertThat(built.toString()).isEqualTo("WebhookNotifier[https://hooks.slack.com/****, 3 attempts of 5s]");
        assertThat(built.webhook()).isEqualTo("https://hooks.slack.com/****");
        assertThat(bodies).as("nothing was posted").isEmpty();
    }
}
