package io.streamsdr.core.drill;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.Drill;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

/**
 * The evidence model in a drill, on virtual time with a data check over an in-memory table: when a data
 * check fails the drill and when loss is within the RPO, what the report says in its three forms, that a
 * throwing check is recorded (secret masked) and never thrown, and the builder's rules (whole messages).
 */
class DataEvidenceDrillTest {
    private static final Secret PASSWORD = Secret.of("evidence-pa55-word");
    private final VirtualClock clock = VirtualClock.startingAt(Instant.parse("2026-03-01T12:00:00Z"));
    private final FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock);
    /** Production's table: id -> written at; the heartbeat is the newest write. */
    private final Map<Long, Instant> production = new ConcurrentSkipListMap<>();
    /** The restored table, filled by the plan's restore step. */
    private final Map<Long, Instant> restored = new ConcurrentSkipListMap<>();

    /** A data check over the two maps, following the rule of DataCheck: missing rows written after the restored heartbeat are within the RPO. */
    private final class Ledger implements DataCheck {
        private final boolean heartbeatRestored;

        Ledger(boolean heartbeatRestored) {
            this.heartbeatRestored = heartbeatRestored;
        }

        @Override
        public String component() {
            return "rds";
        }

        @Override
        public DataBaseline capture(RunContext ctx) {
            return DataBaseline.of("rds", "rows", ctx.now(), List.of(new DataBaseline.Item("orders", production.size(), "d" + production.hashCode())),
                    production.values().stream().max(Instant::compareTo)).withDetail(Map.copyOf(new TreeMap<>(production)));
        }

        @Override
        public DataEvidence verify(RunContext ctx, DataBaseline before) {
            @SuppressWarnings("unchecked")
            Map<Long, Instant> rows = new TreeMap<Long, Instant>(before.detail(Map.class).orElseThrow());
            DataEvidence.Builder e = DataEvidence.against(before).compared(restored.size());
            if (heartbeatRestored) {
                restored.values().stream().max(Instant::compareTo).ifPresent(e::restoredHeartbeat);
            }
            rows.forEach((id, at) -> {
                if (!restored.containsKey(id)) {
                    e.difference(DataEvidence.Kind.MISSING, "orders", "id " + id + ", written " + at, e.afterRestorePoint(at));
                }
            });
            restored.keySet().stream().filter(id -> !rows.containsKey(id))
                    .forEach(id -> e.difference(DataEvidence.Kind.EXTRA, "orders", "id " + id, false));
            return e.build();
        }
    }

    /** Ten rows, one a minute from 12:00; then the drill's world is at 12:10. */
    private void writeTenRows() {
        for (long id = 1; id <= 10; id++) {
            production.put(id, clock.instant());
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private Drill.Builder drill(List<Long> restoredIds) {
        return Installation.named("streams").protect(rds).build().failover("streams-failover")
                .restore(PlanFragment.builder("rds-restore").withStep(Step.named("rds-restore").withAction(ctx -> {
                    restoredIds.forEach(id -> restored.put(id, production.get(id)));
                    ctx.recordRpo("rds", Duration.ofMinutes(4));
                    ctx.sleep(Duration.ofMinutes(20));
                })).withSecret(PASSWORD).build())
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(2)))))
                .build().drill();
    }

    private RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    private RunContext now() {
        return RunContext.of(options().poller());
    }

    @Test
    void rowsWrittenAfterTheRestorePointAreLossWithinTheRpoAndTheDrillPasses() throws Exception {
        writeTenRows();
        Ledger check = new Ledger(true);
        DataBaseline before = check.capture(now());

        DrillReport report = drill(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L)).withDataCheck(check, before).run(options());

        DataEvidence e = report.evidence("rds").orElseThrow();
        assertThat(e.passed()).as(e.summary()).isTrue();
        assertThat(e.compared()).isEqualTo(7);
        assertThat(e.differenceCount()).isEqualTo(3);
        assertThat(e.lostWithinRpo()).isEqualTo(3);
        assertThat(e.restoredHeartbeat()).contains(Instant.parse("2026-03-01T12:06:00Z"));
        assertThat(e.dataRpo()).contains(Duration.ofMinutes(4)); // baseline at 12:10, newest restored write 12:06
        assertThat(e.summary()).isEqualTo("7 rows compared; 3 rows lost within the RPO (written after the newest heartbeat restored); "
                + "newest heartbeat restored 2026-03-01T12:06:00Z, RPO from data 4m");
        assertThat(e.differences()).extracting(DataEvidence.Difference::toString).containsExactly(
                "missing orders: id 8, written 2026-03-01T12:07:00Z (within the RPO)",
                "missing orders: id 9, written 2026-03-01T12:08:00Z (within the RPO)",
                "missing orders: id 10, written 2026-03-01T12:09:00Z (within the RPO)");
        assertThat(report).passed().dataRpoAtMost("rds", Duration.ofMinutes(4)).dataCheckPassed("rds", 7);
        assertThat(report.dataRpo()).containsExactly(Map.entry("rds", Duration.ofMinutes(4)));
        assertThatThrownBy(() -> assertThat(report).noDataLost("rds")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no data of 'rds' lost in drill 'streams-failover', but: 7 rows compared; 3 rows lost");
        assertThatThrownBy(() -> assertThat(report).dataRpoAtMost("rds", Duration.ofMinutes(3))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the RPO measured from the data of 'rds' in drill 'streams-failover' to be at most 3m, but it was 4m");
        assertThatThrownBy(() -> assertThat(report).dataCheckPassed("rds", 8)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the data check of 'rds' in drill 'streams-failover' to compare at least 8 rows, but it compared 7");

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("drillSchemaVersion").asInt()).isEqualTo(2);
        assertThat(json.get("dataRpoMillis").get("rds").asLong()).isEqualTo(240_000);
        JsonNode ev = json.get("evidence").get(0);
        assertThat(ev.get("component").asText()).isEqualTo("rds");
        assertThat(ev.get("passed").asBoolean()).isTrue();
        assertThat(ev.get("compared").asLong()).isEqualTo(7);
        assertThat(ev.get("lostWithinRpo").asLong()).isEqualTo(3);
        assertThat(ev.get("metadataRpoMillis").asLong()).isEqualTo(240_000);
        assertThat(ev.get("baselineTakenAt").asText()).isEqualTo("2026-03-01T12:10:00Z");
        assertThat(ev.get("baselineHeartbeat").asText()).isEqualTo("2026-03-01T12:09:00Z");
        assertThat(ev.get("restoredHeartbeat").asText()).isEqualTo("2026-03-01T12:06:00Z");
        assertThat(ev.get("differences")).hasSize(3).allMatch(d -> d.get("withinRpo").asBoolean() && d.get("kind").asText().equals("MISSING"));
        assertThat(ev.get("error").isNull()).isTrue();
        assertThat(report.toText()).contains("Evidence from data, by component (RPO achieved, from the restore steps' metadata | RPO measured from data; simulated):\n"
                + "  [ok]     rds                          4m |         4m  7 rows compared; 3 rows lost within the RPO",
                "             - missing orders: id 10, written 2026-03-01T12:09:00Z (within the RPO)");
        assertThat(report.toHtml()).contains("<table class=\"evidence\">", "<tr data-component=\"rds\"><td>rds</td><td class=\"num\">4m</td>"
                + "<td class=\"num\">4m</td><td class=\"num\">7 rows</td><td class=\"num\">3 (3 within the RPO)</td><td class=\"ok\">ok</td>",
                "<li class=\"within-rpo\">missing orders: id 8, written 2026-03-01T12:07:00Z (within the RPO)</li>");
    }

    @Test
    void aRowOlderThanTheRestorePointMissingFailsTheDrillWithTheFirstDifferencesListed() {
        writeTenRows();
        Ledger check = new Ledger(true);
        DataBaseline before = check.capture(now());

        DrillReport report = drill(List.of(1L, 2L, 4L, 5L, 6L, 7L)).withDataCheck(check, before).run(options());

        DataEvidence e = report.evidence("rds").orElseThrow();
        assertThat(e.passed()).isFalse();
        assertThat(e.unexplained()).isEqualTo(1);
        assertThat(e.differences()).extracting(DataEvidence.Difference::toString).startsWith("missing orders: id 3, written 2026-03-01T12:02:00Z");
        assertThat(report).didNotPass();
        assertThat(report.failures()).containsExactly("data check of rds failed: 6 rows compared; 3 rows lost within the RPO (written after "
                + "the newest heartbeat restored); 1 difference the restore point does not explain, first: missing orders: id 3, written "
                + "2026-03-01T12:02:00Z; newest heartbeat restored 2026-03-01T12:06:00Z, RPO from data 4m");
        assertThat(report.toHtml()).contains("<td class=\"bad\">FAILED</td>", "<li>missing orders: id 3, written 2026-03-01T12:02:00Z</li>");
    }

    @Test
    void anExtraRowFailsAndNoHeartbeatFailsAndNothingComparedFails() {
        writeTenRows();
        Ledger check = new Ledger(false);
        DataBaseline before = check.capture(now());

        DrillReport noHeartbeat = drill(List.of(1L, 2L, 3L)).withDataCheck(check, before).run(options());
        assertThat(noHeartbeat.failures()).containsExactly("data check of rds failed: 3 rows compared; 7 differences the restore point does "
                + "not explain, first: missing orders: id 4, written 2026-03-01T12:03:00Z; no heartbeat came back, so the RPO cannot be measured from data");
        assertThat(noHeartbeat.dataRpo()).isEmpty();

        restored.clear();
        DrillReport nothing = drill(List.of()).withDataCheck(new Ledger(true), before).run(options());
        assertThat(nothing.evidence("rds").orElseThrow().summary()).isEqualTo("0 rows compared; 10 differences the restore point does not "
                + "explain, first: missing orders: id 1, written 2026-03-01T12:00:00Z; no heartbeat came back, so the RPO cannot be measured from "
                + "data; nothing was compared");

        restored.clear();
        restored.put(99L, Instant.parse("2026-03-01T12:05:00Z"));
        DrillReport extra = drill(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)).withDataCheck(new Ledger(true), before).run(options());
        DataEvidence e = extra.evidence("rds").orElseThrow();
        assertThat(e.passed()).isFalse();
        assertThat(e.differences()).extracting(DataEvidence.Difference::toString).containsExactly("extra orders: id 99");
    }

    @Test
    void aCheckThatThrowsIsRecordedWithItsSecretMaskedAndTheTeardownStillRuns() {
        writeTenRows();
        DataCheck throwing = new DataCheck() {
            @Override
            public String component() {
                return "rds";
            }

            @Override
            public DataBaseline capture(RunContext ctx) {
                return DataBaseline.of("rds", "rows", ctx.now(), List.of(), Optional.empty());
            }

            @Override
            public DataEvidence verify(RunContext ctx, DataBaseline before) {
                throw new IllegalStateException("Access denied for jdbc:mariadb://127.0.0.1:3306/streams?password=" + PASSWORD.reveal());
            }
        };
        DataBaseline before = throwing.capture(now());

        DrillReport report = drill(List.of(1L)).withDataCheck(throwing, before).teardown("clean", () -> "cleaned").run(options());

        assertThat(report.failures()).containsExactly("data check of rds failed: could not be checked: Access denied for "
                + "jdbc:mariadb://127.0.0.1:3306/streams?password=****");
        assertThat(report.teardown()).extracting(c -> c.detail()).containsExactly("cleaned");
        for (String out : List.of(report.toJson(), report.toText(), report.toHtml())) {
            assertThat(out).doesNotContain(PASSWORD.reveal()).contains("could not be checked: Access denied");
        }
    }

    @Test
    void dataChecksRunOnlyAfterThePlanSucceededAndBeforeTheVerifications() {
        writeTenRows();
        Ledger check = new Ledger(true);
        DataBaseline before = check.capture(now());
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        DataCheck recording = new DataCheck() {
            @Override
            public String component() {
                return "rds";
            }

            @Override
            public DataBaseline capture(RunContext ctx) {
                return check.capture(ctx);
            }

            @Override
            public DataEvidence verify(RunContext ctx, DataBaseline b) {
                order.add("data check");
                return check.verify(ctx, b);
            }
        };

        drill(List.of(1L)).withDataCheck(recording, before).verify("sentinel", () -> order.add("verification") ? "ok" : "no").run(options());
        DrillReport failed = Installation.named("streams").protect(rds).build().failover("f")
                .restore(PlanFragment.of(Step.named("boom").withAction(ctx -> {
                    throw new IllegalStateException("restore failed");
                }))).repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> { }))).build().drill().withDataCheck(recording, before).run(options());

        assertThat(order).containsExactly("data check", "verification");
        assertThat(failed.evidence()).isEmpty();
        assertThatThrownBy(() -> assertThat(failed).dataRpoAtMost("rds", Duration.ofMinutes(1))).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected drill 'f' to have evidence from the data of 'rds', but it has none (evidence of: []); failures: ");
    }

    @Test
    void theBuilderRefusesAnotherComponentsBaselineTwoChecksOfOneComponentAndNulls() {
        writeTenRows();
        Ledger check = new Ledger(true);
        DataBaseline kafka = DataBaseline.of("kafka", "records", clock.instant(), List.of(), Optional.empty());
        Drill.Builder drill = drill(List.of());

        assertThatThrownBy(() -> drill.withDataCheck(check, kafka)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid data baseline of 'rds': was captured for component 'kafka': give each check the baseline its own capture(ctx) returned");
        drill.withDataCheck(check, check.capture(now()));
        assertThatThrownBy(() -> drill.withDataCheck(check, check.capture(now()))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid data check of 'rds': must be given once per component");
        assertThatThrownBy(() -> drill.withDataCheck(null, kafka)).hasMessage("Invalid data check: must not be null");
        assertThatThrownBy(() -> drill.withDataCheck(check, null)).hasMessage("Invalid data baseline of 'rds': must not be null");
    }

    @Test
    void baselinesAndEvidenceRefuseBadValues() {
        Instant at = clock.instant();
        DataBaseline.Item orders = new DataBaseline.Item("orders", 3, "abc");
        assertThatThrownBy(() -> DataBaseline.of("rds", "rows", at, List.of(orders, orders), Optional.empty()))
                .hasMessage("Invalid baseline items of 'rds': must have distinct names, 'orders' appears twice");
        assertThatThrownBy(() -> new DataBaseline.Item("orders", -1, "abc")).hasMessage("Invalid count of baseline item 'orders': must not be negative, was -1");
        assertThatThrownBy(() -> DataBaseline.of(" ", "rows", at, List.of(), Optional.empty())).hasMessage("Invalid baseline component: must not be blank");
        DataBaseline b = DataBaseline.of("rds", "rows", at, List.of(orders), Optional.of(at));
        assertThatThrownBy(() -> DataEvidence.against(b).compared(-2)).hasMessage("Invalid units compared of 'rds': must not be negative, was -2");
        assertThatThrownBy(() -> new DrillReport("d", at, at, List.of(), null, List.of(), List.of(), Map.of(), null, List.of(
                DataEvidence.couldNotRun("rds", "rows", at, "x"), DataEvidence.couldNotRun("rds", "rows", at, "y"))))
                .hasMessage("Invalid drill evidence: must hold one piece of evidence per component");
        assertThat(b.count()).isEqualTo(3);
        assertThat(b.item("orders")).contains(orders);
        assertThat(b.detail(String.class)).isEmpty();
        assertThat(b).hasToString("DataBaseline[rds at 2026-03-01T12:00:00Z: 3 rows in 1 items, newest heartbeat 2026-03-01T12:00:00Z]");
    }
}
