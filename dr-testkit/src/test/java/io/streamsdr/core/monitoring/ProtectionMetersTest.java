package io.streamsdr.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Step;
import io.streamsdr.core.spi.OptionalDependency;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The meters on Micrometer's real Prometheus registry: scrapes read the monitor's cache, an unreachable component
 * goes stale without an exception, plans and drills are counted by outcome with their last RTO and RPO, tags that
 * would explode cardinality are refused at build time, and dr-core works without Micrometer.
 */
class ProtectionMetersTest {
    static final String MICROMETER_MISSING = "Invalid class path of the meters of installation 'streams': lacks"
            + " io.micrometer:micrometer-core (class io.micrometer.core.instrument.binder.MeterBinder not found): add"
            + " io.micrometer:micrometer-core:1.17.2 in compile scope (dr-core declares it optional; add a registry too, such as"
            + " io.micrometer:micrometer-registry-prometheus:1.17.2)";

    @Test
    void aMissingMicrometerIsNamedWithItsVersionAndScope() {
        List<OptionalDependency> absent = List.of(OptionalDependency.ofClass("io.micrometer.core.instrument.binder.NoSuchMeterBinder",
                "io.micrometer:micrometer-core", "1.17.2"));
        assertThatThrownBy(() -> ProtectionMonitor.requireMicrometer("streams", absent, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(MICROMETER_MISSING.replace("binder.MeterBinder", "binder.NoSuchMeterBinder"));
        ProtectionMonitor.requireMicrometer("streams", ProtectionMonitor.MICROMETER, getClass().getClassLoader());
    }

    @Test
    void theMicrometerVersionNamedIsTheOneTheBuildTestsWith() throws Exception {
        OptionalDependency micrometer = ProtectionMonitor.MICROMETER.get(0);
        assertThat(java.nio.file.Path.of(io.micrometer.core.instrument.binder.MeterBinder.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).getFileName().toString()).isEqualTo("micrometer-core-" + micrometer.version() + ".jar");
        assertThat(MICROMETER_MISSING).contains(micrometer.coordinates());
    }

    private static final Instant T0 = VirtualClock.DEFAULT_START;

    /** The value of one series in a scrape, {@code name{labels}} exactly as exported. */
    static String value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as("series %s in:%n%s", series, scrape).isTrue();
        return m.group(1);
    }

    private static String c(String component, String kind) {
        return "{component=\"" + component + "\",kind=\"" + kind + "\"}";
    }

    @Test
    void scrapesReadTheCacheAtMostOneLookPerComponentPerInterval() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            s.rds.withExistingRecoveryPoint(Duration.ofMinutes(4));
            s.kafka.withExistingRecoveryPoint(Duration.ofSeconds(3));
            s.namespace.withExistingRecoveryPoint(Duration.ofMinutes(40));
            for (int i = 0; i < 100; i++) {
                s.scrape();
            }
            assertThat(List.of(s.rds.calls(), s.kafka.calls(), s.namespace.calls())).containsExactly(1, 1, 1);

            s.clock.advance(Duration.ofSeconds(20));
            String scrape = s.scrape();
            assertThat(value(scrape, "streamsdr_recovery_point_age_seconds" + c("rds", "rds")))
                    .as("between looks the age grows with the clock").isEqualTo("260.0");
            assertThat(value(scrape, "streamsdr_recovery_point_last_success_timestamp_seconds" + c("rds", "rds")))
                    .isEqualTo(Double.toString(T0.minus(Duration.ofMinutes(4)).getEpochSecond()));
            assertThat(value(scrape, "streamsdr_recovery_point_expected_interval_seconds" + c("rds", "rds"))).isEqualTo("300.0");
            assertThat(value(scrape, "streamsdr_rpo_objective_seconds" + c("kafka", "kafka"))).isEqualTo("300.0");
            assertThat(value(scrape, "streamsdr_mirror_lag_seconds" + c("kafka", "kafka"))).isEqualTo("3.0");
            assertThat(value(scrape, "streamsdr_mirror_lag_records" + c("kafka", "kafka"))).isEqualTo("0.0");
            assertThat(value(scrape, "streamsdr_protection_healthy" + c("namespace streams", "velero"))).isEqualTo("1.0");
            assertThat(scrape).as("lag gauges are per mirror only").doesNotContain("streamsdr_mirror_lag_seconds{component=\"rds\"");
            assertThat(s.rds.calls()).isEqualTo(1);

            s.clock.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 100; i++) {
                s.scrape();
            }
            assertThat(List.of(s.rds.calls(), s.kafka.calls(), s.namespace.calls())).containsExactly(2, 2, 2);
        }
    }

    @Test
    void theScrapeThatRefreshesLooksAtEveryComponentInParallel() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            s.rds.withExistingRecoveryPoint(Duration.ofMinutes(4)).id();
            s.kafka.withExistingRecoveryPoint(Duration.ofSeconds(3)).id();
            s.namespace.withExistingRecoveryPoint(Duration.ofMinutes(40)).id();
            s.rds.withStatusLatency(Duration.ofSeconds(2));
            s.kafka.withStatusLatency(Duration.ofSeconds(3));
            s.namespace.withStatusLatency(Duration.ofSeconds(1));

            s.scrape();

            assertThat(s.clock.instant()).as("as long as the slowest look, not the sum (6s)").isEqualTo(T0.plusSeconds(3));
            assertThat(List.of(s.rds.calls(), s.kafka.calls(), s.namespace.calls())).containsExactly(1, 1, 1);
        }
    }

    @Test
    void anUnreachableComponentMakesItsGaugesStaleNeverAnExceptionInTheScrape() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            s.kafka.withExistingRecoveryPoint(Duration.ofSeconds(3));
            s.kafka.withReplicationLagRecords(250);
            s.rds.withExistingRecoveryPoint(Duration.ofMinutes(1));
            s.namespace.withExistingRecoveryPoint(Duration.ofMinutes(1));
            s.scrape();
            s.kafka.failingNextStatusLooks(1, () -> new CallFailedException("ListOffsets of Kafka cluster 'prod'",
                    new IOException("connection refused")));
            s.clock.advance(Duration.ofSeconds(30));

            String scrape = s.scrape();

            String k = c("kafka", "kafka");
            assertThat(value(scrape, "streamsdr_protection_stale" + k)).isEqualTo("1.0");
            assertThat(value(scrape, "streamsdr_protection_healthy" + k)).isEqualTo("NaN");
            assertThat(value(scrape, "streamsdr_recovery_point_age_seconds" + k)).isEqualTo("NaN");
            assertThat(value(scrape, "streamsdr_mirror_lag_seconds" + k)).isEqualTo("NaN");
            assertThat(value(scrape, "streamsdr_mirror_lag_records" + k)).isEqualTo("NaN");
            assertThat(value(scrape, "streamsdr_recovery_point_last_success_timestamp_seconds" + k))
                    .as("the last value seen stays: it is still true").isEqualTo(Double.toString(T0.getEpochSecond() - 3));
            assertThat(value(scrape, "streamsdr_protection_stale" + c("rds", "rds"))).isEqualTo("0.0");
            assertThat(value(scrape, "streamsdr_protection_healthy" + c("rds", "rds"))).isEqualTo("1.0");
        }
    }

    @Test
    void aTargetThatThrowsAnErrorOrBreaksTheRulesStillScrapes() {
        VirtualClock clock = VirtualClock.create();
        BackupTarget broken = new BackupTarget() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
                return List.of();
            }

            @Override
            public ProtectionStatus protectionStatus(RunContext ctx) {
                throw new NoClassDefFoundError("software/amazon/awssdk/services/rds/RdsClient");
            }
        };
        try (ProtectionMonitor monitor = ProtectionMonitor.of(Installation.named("x").protect(broken).build()).withTime(clock, clock).build()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            monitor.meters().build().bindTo(registry);
            String scrape = registry.scrape();
            assertThat(value(scrape, "streamsdr_protection_stale" + c("broken", "custom"))).isEqualTo("1.0");
            assertThat(monitor.status("broken").staleReason()).hasValue("the look failed: java.lang.NoClassDefFoundError: "
                    + "software/amazon/awssdk/services/rds/RdsClient");
        }
    }

    @Test
    void plansAreCountedByOutcomeWithTheirLastRtoAndRpo() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            DrillReport passed = s.drill(Duration.ofMinutes(19), false);
            String after = s.scrape();
            String plan = "{plan=\"streams-failover\"}";
            assertThat(passed.passed()).isTrue();
            assertThat(value(after, "streamsdr_plan_runs_total{outcome=\"succeeded\",plan=\"streams-failover\"}")).isEqualTo("1.0");
            assertThat(value(after, "streamsdr_plan_runs_total{outcome=\"failed\",plan=\"streams-failover\"}")).isEqualTo("0.0");
            assertThat(value(after, "streamsdr_plan_duration_seconds_sum{outcome=\"succeeded\",plan=\"streams-failover\"}")).isEqualTo("1200.0");
            assertThat(value(after, "streamsdr_plan_last_rto_seconds" + plan)).isEqualTo("1200.0");
            assertThat(value(after, "streamsdr_plan_rto_objective_seconds" + plan)).isEqualTo("2700.0");
            assertThat(value(after, "streamsdr_plan_last_rpo_seconds{component=\"rds\",plan=\"streams-failover\"}")).isEqualTo("240.0");
            assertThat(value(after, "streamsdr_plan_last_rpo_seconds{component=\"namespace streams\",plan=\"streams-failover\"}"))
                    .isEqualTo("3000.0");
            assertThat(value(after, "streamsdr_drill_runs_total{drill=\"streams-failover\",outcome=\"passed\"}")).isEqualTo("1.0");
            assertThat(value(after, "streamsdr_drill_last_status{drill=\"streams-failover\"}")).isEqualTo("1.0");
            assertThat(value(after, "streamsdr_drill_last_passed_timestamp_seconds{drill=\"streams-failover\"}"))
                    .isEqualTo(Double.toString(passed.finishedAt().getEpochSecond()));

            DrillReport failed = s.drill(Duration.ofMinutes(5), true);
            String later = s.scrape();
            assertThat(failed.passed()).isFalse();
            assertThat(value(later, "streamsdr_plan_runs_total{outcome=\"failed\",plan=\"streams-failover\"}")).isEqualTo("1.0");
            assertThat(value(later, "streamsdr_plan_last_rto_seconds" + plan)).as("a failed run recovered nothing").isEqualTo("NaN");
            assertThat(value(later, "streamsdr_drill_last_status{drill=\"streams-failover\"}")).isEqualTo("0.0");
            assertThat(value(later, "streamsdr_drill_runs_total{drill=\"streams-failover\",outcome=\"failed\"}")).isEqualTo("1.0");
            assertThat(value(later, "streamsdr_drill_last_passed_timestamp_seconds{drill=\"streams-failover\"}"))
                    .as("still the last one that passed").isEqualTo(Double.toString(passed.finishedAt().getEpochSecond()));
            assertThat(failed.warnings()).as("the meters never warn").isEmpty();
        }
    }

    @Test
    void runsOfUndeclaredPlansAreCountedUnderOtherAndBackupsUnderTheInstallationsBackupPlan() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            RestorePlan generated = RestorePlan.builder("failover-run-42").withStep(Step.named("a").withAction(c -> {
                c.sleep(Duration.ofSeconds(7));
                c.recordRpo("ledger", Duration.ofSeconds(1));
            })).build();
            PlanReport r = generated.execute(s.options().onEvents(s.meters));
            s.installation.backupAll(s.options().onEvents(s.meters));
            String scrape = s.scrape();
            assertThat(r.succeeded()).isTrue();
            assertThat(value(scrape, "streamsdr_plan_runs_total{outcome=\"succeeded\",plan=\"other\"}")).isEqualTo("1.0");
            assertThat(value(scrape, "streamsdr_plan_duration_seconds_sum{outcome=\"succeeded\",plan=\"other\"}")).isEqualTo("7.0");
            assertThat(scrape).doesNotContain("failover-run-42", "ledger");
            assertThat(value(scrape, "streamsdr_plan_runs_total{outcome=\"succeeded\",plan=\"streams-backup\"}")).isEqualTo("1.0");
            assertThat(value(scrape, "streamsdr_plan_last_rpo_seconds{component=\"kafka\",plan=\"streams-backup\"}")).isEqualTo("0.0");
            assertThat(s.meters.plans()).containsExactly("streams-backup", "streams-failover");
        }
    }

    @Test
    void tagsThatWouldExplodeCardinalityAreRefusedAtBuildTime() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            ProtectionMeters.Builder b = s.monitor.meters();
            assertThatThrownBy(() -> b.withTag("partition", "3")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid meter tag key 'partition': would give every partition its own time series (unbounded cardinality): "
                            + "the meters are per component, mirror, plan and drill, never per partition, recovery point, run or error; "
                            + "tag with something fixed for the process, such as env or region");
            assertThatThrownBy(() -> b.withTag("snapshot_id", "x")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("Invalid meter tag key 'snapshot_id': would give every snapshot id its own time series");
            assertThatThrownBy(() -> b.withTag("component", "x")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid meter tag key 'component': is set by the meters themselves (component, kind, plan, drill, outcome) "
                            + "or by Prometheus (job, instance, le, quantile): choose another key");
            assertThatThrownBy(() -> b.withTag("Env", "prod")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid meter tag key 'Env': must be 1 to 40 characters: a lower-case letter, then lower-case letters, "
                            + "digits or '_'");
            assertThatThrownBy(() -> b.withTag("env", "prod 2026-01-01 120003")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid value of meter tag 'env': 'prod 2026-01-01 120003' looks like a timestamp, an id or an offset (it "
                            + "has a run of 6 or more digits): each new value would start a new time series; use a name that is fixed "
                            + "for the process");
            assertThatThrownBy(() -> b.withTag("env", "the newest backup has failed")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid value of meter tag 'env': 'the newest backup has failed' has 5 words, more than 4: a tag value is a "
                            + "name, not a message");
            assertThatThrownBy(() -> b.withTag("env", "prod: eu")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid value of meter tag 'env': 'prod: eu' must be 1 to 64 characters of letters, digits, ' ', '.', '_', "
                            + "'-' and '/', with no space at either end: a tag value is a name, not a message");
            assertThatThrownBy(() -> b.withTag("env", null)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid value of meter tag 'env': must not be null");
            b.withTag("env", "prod");
            assertThatThrownBy(() -> b.withTag("env", "test")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid meter tag key 'env': is given twice: give each tag once");

            assertThatThrownBy(() -> b.withPlan(RestorePlan.builder("failover-20260101").withStep(Step.named("a").withAction(c -> { }))
                    .build())).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid name of plan 'failover-20260101' (a meter tag value): 'failover-20260101' looks like a timestamp, "
                            + "an id or an offset (it has a run of 6 or more digits): each new value would start a new time series; use a "
                            + "name that is fixed for the process");
            assertThatThrownBy(() -> b.withPlan(RestorePlan.builder("streams-backup").withStep(Step.named("a").withAction(c -> { }))
                    .build())).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid plan 'streams-backup' of the meters: is declared already (the installation's backup plan is always "
                            + "metered): declare each plan once");
            b.withPlan(s.failover.plan());
            assertThatThrownBy(() -> b.withPlan(s.failover.plan())).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid plan 'streams-failover' of the meters: is declared already: declare each plan once");
            assertThatThrownBy(() -> b.withPlan(RestorePlan.builder("with-objectives").withStep(Step.named("a").withAction(c -> { }))
                    .withObjectives(Objectives.none().withRpo("partition orders-3 of topic 7", Duration.ZERO)).build()))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid component 'partition orders-3 of topic 7' of the objectives of plan 'with-objectives' (a meter tag "
                            + "value): 'partition orders-3 of topic 7' has 5 words, more than 4: a tag value is a name, not a message");
            assertThatThrownBy(() -> b.withPlan(null)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid plan to meter: must not be null");
            assertThatThrownBy(() -> b.withPlan("later", null)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid objectives of plan 'later': must not be null");
        }
        VirtualClock clock = VirtualClock.create();
        FakeBackupTarget snapshotNamed = FakeBackupTarget.named("rds streams-db-20260101120000");
        try (ProtectionMonitor m = ProtectionMonitor.of(Installation.named("i").protect(snapshotNamed).build()).withTime(clock, clock).build()) {
            assertThatThrownBy(() -> m.meters().build()).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid name of component 'rds streams-db-20260101120000' (a meter tag value): 'rds streams-db-20260101120000' "
                            + "looks like a timestamp, an id or an offset (it has a run of 6 or more digits): each new value would start a "
                            + "new time series; use a name that is fixed for the process");
        }
        BackupTarget freeKind = new FakeKindTarget("My Kafka Cluster");
        try (ProtectionMonitor m = ProtectionMonitor.of(Installation.named("i").protect(freeKind).build()).withTime(clock, clock).build()) {
            assertThatThrownBy(() -> m.meters().build()).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid kind of backup target 'kafka' (a meter tag value): 'My Kafka Cluster' must be 1 to 32 characters: a "
                            + "lower-case letter, then lower-case letters, digits, '_' or '-' (rds, kafka, velero)");
        }
    }

    /** A target whose kind is whatever it is given. */
    private record FakeKindTarget(String kind) implements BackupTarget {
        @Override
        public String name() {
            return "kafka";
        }

        @Override
        public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
            return List.of();
        }

        @Override
        public ProtectionStatus protectionStatus(RunContext ctx) {
            return ProtectionStatus.healthy("kafka", ctx.now(), Duration.ZERO);
        }
    }

    @Test
    void bindingToTwoRegistriesFeedsBothAndBindingTwiceAddsNothing() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            PrometheusMeterRegistry other = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            s.meters.bindTo(other);
            s.meters.bindTo(other);
            s.drill(Duration.ofMinutes(19), false);
            String series = "streamsdr_drill_runs_total{drill=\"streams-failover\",outcome=\"passed\"}";
            assertThat(value(s.scrape(), series)).isEqualTo("1.0");
            assertThat(value(other.scrape(), series)).isEqualTo("1.0");
            assertThat(s.meters.toString()).isEqualTo("ProtectionMeters[streams, plans [streams-backup, streams-failover]]");
        }
    }

    @Test
    void withoutMicrometerTheStatusCallWorksAndTheMetersNameTheArtifact() throws Exception {
        URL core = ProtectionMonitor.class.getProtectionDomain().getCodeSource().getLocation();
        URL[] path = {core, jar(ObjectMapper.class), jar(com.fasterxml.jackson.core.JsonFactory.class),
                jar(com.fasterxml.jackson.annotation.JsonProperty.class), jar(LoggerFactory.class),
                jar(org.slf4j.simple.SimpleLogger.class)};
        try (URLClassLoader noMicrometer = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> noMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> targetType = noMicrometer.loadClass("io.streamsdr.core.BackupTarget");
            Class<?> ctxType = noMicrometer.loadClass("io.streamsdr.core.RunContext");
            Class<?> statusType = noMicrometer.loadClass("io.streamsdr.core.ProtectionStatus");
            Object target = Proxy.newProxyInstance(noMicrometer, new Class<?>[] {targetType}, (proxy, method, args) -> switch (method.getName()) {
                case "name" -> "rds";
                case "protectionStatus" -> statusType.getMethod("healthy", String.class, Instant.class, Duration.class)
                        .invoke(null, "rds", ctxType.getMethod("now").invoke(args[0]), Duration.ofMinutes(2));
                case "kind" -> "rds";
                case "expectedInterval" -> java.util.Optional.empty();
                case "toString" -> "proxy target";
                case "hashCode" -> 1;
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });
            Class<?> installationType = noMicrometer.loadClass("io.streamsdr.core.Installation");
            Object builder = installationType.getMethod("named", String.class).invoke(null, "streams");
            builder.getClass().getMethod("protect", targetType).invoke(builder, target);
            Object installation = builder.getClass().getMethod("build").invoke(builder);
            Class<?> monitorType = noMicrometer.loadClass("io.streamsdr.core.monitoring.ProtectionMonitor");
            Object monitorBuilder = monitorType.getMethod("of", installationType).invoke(null, installation);
            Object monitor = monitorBuilder.getClass().getMethod("build").invoke(monitorBuilder);

            Object status = monitorType.getMethod("status").invoke(monitor);
            assertThat((boolean) status.getClass().getMethod("healthy").invoke(status)).as("the status call needs no Micrometer").isTrue();

            Method meters = monitorType.getMethod("meters");
            assertThatThrownBy(() -> {
                try {
                    meters.invoke(monitor);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }).hasMessage(MICROMETER_MISSING)
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("io.streamsdr.core.InvalidConfigurationException"));
            monitorType.getMethod("close").invoke(monitor);
        }
    }

    private static URL jar(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void theMetersAreADrillListenerThatNeverWarns() {
        try (MonitoredStreams s = new MonitoredStreams(T0)) {
            assertThat(s.meters.drillFinished(s.drill(Duration.ofMinutes(1), false))).isEmpty();
            assertThat(s.meters.monitor()).isSameAs(s.monitor);
            assertThat(Map.of("plans", s.meters.plans())).containsEntry("plans", List.of("streams-backup", "streams-failover"));
        }
    }
}
