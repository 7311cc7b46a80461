package io.streamsdr.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.testkit.RecordingPlanListener;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps that handle secrets: the JSON, text and HTML reports, the log lines, the console, the
 * events and the exception messages and stack traces never contain them.
 */
class SecretRedactionTest {
    private static final String PASSWORD = "s3cr3t-Pa55w0rd!";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\""
            + PASSWORD + "\";";
    private static final String AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String DECLARED = "declared-on-the-plan-9f8e7d";

    @TempDir
    Path dir;

    @Test
    void noSecretValueReachesAnyOutput() throws Exception {
        StepOutput<Secret> key = StepOutput.secret("velero.secret.access.key");
        StepOutput<String> host = StepOutput.string("rds.endpoint");
        RecordingPlanListener recorder = RecordingPlanListener.create();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        VirtualClock clock = VirtualClock.create();
        Path journal = dir.resolve("journal.json");

        RestorePlan plan = RestorePlan.builder("secrets")
                .withSecret(Secret.of(DECLARED))
                .withStep(Step.named("create-access-key").publishes(key, host).withAction(ctx -> {
                    ctx.publish(key, Secret.of(AWS_SECRET_KEY));
                    ctx.publish(host, "db.local");
                    ctx.progress("created key " + AWS_SECRET_KEY + " and " + DECLARED);
                }))
                .withStep(Step.named("connect-kafka").dependsOn("create-access-key").consumes(key)
                        .withDescription("connect with " + DECLARED)
                        .withRetry(io.streamsdr.core.RetryPolicy.attempts(2))
                        .withAction(ctx -> {
                            Secret password = Secret.of(PASSWORD);
                            Secret jaas = Secret.of(JAAS);
                            ctx.protect(password);
                            ctx.protect(jaas);
                            ctx.progress("using " + jaas + " / " + jaas.reveal());
                            // A third-party client that quotes its configuration in its exception:
                            throw new IllegalStateException("Invalid sasl.jaas.config: " + jaas.reveal() + " key="
                                    + ctx.input(key).reveal(), new RuntimeException("nested " + PASSWORD));
                        }))
                .build();

        PlanReport report;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            report = plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(io.streamsdr.core.spi.Journal.file(journal))
                    .onEvents(recorder).onEvents(PlanListener.logging())
                    .onEvents(PlanListener.console(new PrintStream(console, true, StandardCharsets.UTF_8))));
        } finally {
            System.setErr(originalErr);
        }

        assertThat(report.succeeded()).isFalse();
        StringWriter trace = new StringWriter();
        report.failure().orElseThrow().printStackTrace(new PrintWriter(trace));
        List<String> outputs = List.of(report.toJson(), report.toText(), report.toHtml(), report.toString(), String.join("\n", recorder.messages()),
                console.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8), trace.toString(),
                report.failure().get().getMessage());
        for (String out : outputs) {
            assertThat(out).doesNotContain(PASSWORD, AWS_SECRET_KEY, DECLARED);
        }
        // The places that would have shown them show the mask instead:
        assertThat(report.step("create-access-key").orElseThrow().outputs()).containsEntry("velero.secret.access.key", "****")
                .containsEntry("rds.endpoint", "db.local");
        assertThat(report.step("connect-kafka").orElseThrow().error().orElseThrow()).contains("Invalid sasl.jaas.config: ****");
        assertThat(trace.toString()).contains("nested ****");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("the SLF4J lines were captured").contains("connect-kafka");
        assertThat(recorder.progress("create-access-key")).contains("created key **** and ****");
        // The journal must hold the secret output to resume; it is owner-only.
        assertThat(Files.readString(journal)).contains(AWS_SECRET_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
    }
}
