package io.streamsdr.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The status call: one look per component per interval whoever calls, a slow or failing component goes stale
 * without holding the others, the last good value is kept, and the answer renders as text and JSON. Virtual time
 * wherever the clock is the point; a real-time (scaled) clock where a look blocks outside it.
 */
class ProtectionMonitorTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private final VirtualClock clock = VirtualClock.create();

    private FakeBackupTarget rds;
    private FakeBackupTarget kafka;
    private FakeBackupTarget velero;

    private Installation streams() {
        rds = FakeBackupTarget.named("rds").withClock(clock).withComponentKind("rds").withExpectedInterval(Duration.ofMinutes(5));
        rds.withExistingRecoveryPoint(Duration.ofMinutes(4));
        kafka = FakeBackupTarget.named("kafka").withClock(clock).withComponentKind("kafka").withKind(RecoveryPoint.Kind.SYNC_POINT)
                .withReplicationLagRecords(120);
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(2));
        velero = FakeBackupTarget.named("namespace streams").withClock(clock).withComponentKind("velero").withKind(RecoveryPoint.Kind.BACKUP)
                .withExpectedInterval(Duration.ofHours(6)).withRpoThreshold(Duration.ofHours(12));
        velero.withExistingRecoveryPoint(Duration.ofHours(13));
        return Installation.named("streams").protect(rds).protect(kafka).protect(velero).build();
    }

    private ProtectionMonitor monitor(Installation i) {
        return ProtectionMonitor.of(i).withRefreshInterval(Duration.ofSeconds(30)).withTimeout(Duration.ofSeconds(5))
                .withTime(clock, clock).build();
    }

    @Test
    void oneLookPerComponentPerIntervalHoweverOftenItIsCalled() {
        try (ProtectionMonitor monitor = monitor(streams())) {
            for (int i = 0; i < 100; i++) {
                monitor.status();
                monitor.status("kafka");
            }
            assertThat(List.of(rds.protectionStatusCalls(), kafka.protectionStatusCalls(), velero.protectionStatusCalls()))
                    .containsExactly(1, 1, 1);
            assertThat(rds.calls() + kafka.calls() + velero.calls()).as("a look is one protectionStatus call, nothing else").isEqualTo(3);

            clock.advance(Duration.ofSeconds(29));
            InstallationStatus cached = monitor.status();
            assertThat(rds.protectionStatusCalls()).isEqualTo(1);
            assertThat(cached.component("rds").orElseThrow().observedAt()).contains(T0);

            clock.advance(Duration.ofSeconds(1));
            InstallationStatus fresh = monitor.status();
            assertThat(List.of(rds.protectionStatusCalls(), kafka.protectionStatusCalls(), velero.protectionStatusCalls()))
                    .containsExactly(2, 2, 2);
            assertThat(fresh.component("rds").orElseThrow().observedAt()).contains(T0.plusSeconds(30));
            assertThat(fresh.component("rds").orElseThrow().rpo()).contains(Duration.ofMinutes(4).plusSeconds(30));
        }
    }

    @Test
    void concurrentCallersShareTheLookInFlight() throws Exception {
        Installation i = streams();
        rds.withStatusLatency(Duration.ofSeconds(3));
        kafka.withStatusLatency(Duration.ofSeconds(1));
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (ProtectionMonitor monitor = monitor(i)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<InstallationStatus>> answers = new ArrayList<>();
            for (int n = 0; n < callers; n++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return monitor.status();
                }));
            }
            go.countDown();
            List<InstallationStatus> all = new ArrayList<>();
            for (Future<InstallationStatus> f : answers) {
                all.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(List.of(rds.protectionStatusCalls(), kafka.protectionStatusCalls(), velero.protectionStatusCalls()))
                    .containsExactly(1, 1, 1);
            assertThat(all).allSatisfy(s -> {
                assertThat(s.component("rds").orElseThrow().observedAt()).contains(T0.plusSeconds(3));
                assertThat(s.component("kafka").orElseThrow().observedAt()).contains(T0.plusSeconds(1));
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSlowComponentGoesStaleWithoutHoldingTheOthersBack() {
        Installation i = streams();
        rds.withStatusLatency(Duration.ofSeconds(1));
        kafka.withStatusLatency(Duration.ofHours(1)); // a cluster that does not answer
        velero.withStatusLatency(Duration.ofSeconds(2));
        try (ProtectionMonitor monitor = monitor(i)) {
            InstallationStatus s = monitor.status();

            assertThat(clock.instant()).as("the call took one timeout, not the slow look's hour").isEqualTo(T0.plusSeconds(5));
            ComponentStatus k = s.component("kafka").orElseThrow();
            assertThat(k.stale()).isTrue();
            assertThat(k.healthy()).isFalse();
            assertThat(k.lastGood()).isEmpty();
            assertThat(k.staleReason()).hasValue("no answer within the 5s timeout (look started at 2026-01-01T00:00:00Z)");
            assertThat(k.reason()).hasValue("stale: no answer within the 5s timeout (look started at 2026-01-01T00:00:00Z); "
                    + "no look has succeeded yet");
            assertThat(s.component("rds").orElseThrow().observedAt()).contains(T0.plusSeconds(1));
            assertThat(s.component("rds").orElseThrow().healthy()).isTrue();
            assertThat(s.component("namespace streams").orElseThrow().observedAt()).contains(T0.plusSeconds(2));
            assertThat(s.problems()).containsExactly(
                    "kafka: stale: no answer within the 5s timeout (look started at 2026-01-01T00:00:00Z); no look has succeeded yet",
                    "namespace streams: RPO 13h2s exceeds the threshold of 12h: the newest recovery point 'namespace streams-rp-000001' "
                            + "was captured at 2025-12-31T11:00:00Z");
        }
    }

    @Test
    void aFailedLookKeepsTheLastGoodValueMarkedStaleUntilALookSucceeds() {
        Installation i = streams();
        try (ProtectionMonitor monitor = monitor(i)) {
            ComponentStatus good = monitor.status("rds");
            assertThat(good.healthy()).isTrue();

            rds.failingNextStatusLooks(1, () -> new CallFailedException("DescribeDBInstances of RDS instance 'streams-db'",
                    new IOException("Connection refused")));
            clock.advance(Duration.ofSeconds(30));
            ComponentStatus stale = monitor.status("rds");

            assertThat(stale.stale()).isTrue();
            assertThat(stale.healthy()).as("nobody knows whether it still is").isFalse();
            assertThat(stale.lastGood()).isEqualTo(good.lastGood());
            assertThat(stale.observedAt()).contains(T0);
            assertThat(stale.lookedAt()).contains(T0.plusSeconds(30));
            assertThat(stale.rpo()).contains(Duration.ofMinutes(4));
            assertThat(stale.ageAt(clock.instant())).as("a stale value has no age: the meters show NaN").isEmpty();
            assertThat(stale.staleReason()).hasValue("the look failed: io.streamsdr.core.CallFailedException: Call failed: "
                    + "DescribeDBInstances of RDS instance 'streams-db': Connection refused");
            assertThat(stale.reason()).hasValue("stale: the look failed: io.streamsdr.core.CallFailedException: Call failed: "
                    + "DescribeDBInstances of RDS instance 'streams-db': Connection refused; last good status observed at 2026-01-01T00:00:00Z");

            clock.advance(Duration.ofSeconds(10));
            assertThat(monitor.status("rds").stale()).as("a failed look counts: the next waits for the interval").isTrue();
            assertThat(rds.protectionStatusCalls()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(20));
            ComponentStatus back = monitor.status("rds");
            assertThat(back.stale()).isFalse();
            assertThat(back.healthy()).isTrue();
            assertThat(back.observedAt()).contains(T0.plusSeconds(60));
            assertThat(rds.protectionStatusCalls()).isEqualTo(3);
        }
    }

    @Test
    void onRealTimeALookThatBlocksOutsideTheClockIsAbandonedAndNotRepeatedUntilItReturns() throws Exception {
        ScaledClock scaled = ScaledClock.start(Instant.parse("2026-03-01T00:00:00Z"), 20); // 1 real ms = 20 simulated ms
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hungLooks = new AtomicInteger();
        BackupTarget hung = new BackupTarget() {
            @Override
            public String name() {
                return "rds";
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
                hungLooks.incrementAndGet();
                boolean released = false;
                while (!released) { // a driver stuck in a socket read: deaf to interrupts
                    try {
                        released = release.await(1, TimeUnit.DAYS);
                    } catch (InterruptedException ignored) {
                        // keep blocking
                    }
                }
                return ProtectionStatus.healthy("rds", ctx.now(), Duration.ofMinutes(1));
            }
        };
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(scaled);
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(1));
        Installation i = Installation.named("streams").protect(hung).protect(kafka).build();
        try (ProtectionMonitor monitor = ProtectionMonitor.of(i).withRefreshInterval(Duration.ofSeconds(10))
                .withTimeout(Duration.ofSeconds(5)).withTime(scaled, scaled).build()) {
            InstallationStatus first = monitor.status();

            assertThat(first.component("rds").orElseThrow().staleReason()).hasValueSatisfying(r -> assertThat(r)
                    .matches("no answer within the 5s timeout \\(look started at 2026-03-01T00:\\d\\d:\\d\\d(\\.\\d+)?Z\\)"));
            assertThat(first.component("kafka").orElseThrow().healthy()).as("the other component answered: %s", first.component("kafka")).isTrue();

            scaled.sleep(Duration.ofSeconds(11));
            ComponentStatus still = monitor.status("rds");
            assertThat(hungLooks).as("no second look while the first has not come back").hasValue(1);
            assertThat(still.staleReason()).hasValueSatisfying(r -> assertThat(r).matches("the look started at 2026-03-01T00:\\d\\d:\\d\\d(\\.\\d+)?Z has "
                    + "not come back \\([0-9.hms]+, its timeout is 5s\\); no new look starts until it does"));
            assertThat(monitor.status("kafka").healthy()).isTrue();

            release.countDown();
            ComponentStatus back = null;
            for (int n = 0; n < 100 && (back == null || back.stale()); n++) {
                scaled.sleep(Duration.ofSeconds(11));
                back = monitor.status("rds");
            }
            assertThat(back.stale()).as(String.valueOf(back)).isFalse();
            assertThat(back.healthy()).isTrue();
            assertThat(hungLooks).hasValue(2);
        }
    }

    @Test
    void rendersAsTextAndJson() {
        Installation i = streams();
        kafka.failingNextStatusLooks(1, () -> new CallFailedException("ListOffsets of Kafka cluster 'prod'", new IOException("timed out")));
        try (ProtectionMonitor monitor = monitor(i)) {
            monitor.status();
            clock.advance(Duration.ofSeconds(30));
            rds.withExistingRecoveryPoint(Duration.ofSeconds(10));
            kafka.failingNextStatusLooks(1, () -> new CallFailedException("ListOffsets of Kafka cluster 'prod'", new IOException("timed out")));
            // kafka has never answered; rds has a newer point; the namespace is over its threshold
            InstallationStatus s = monitor.status();

            assertThat(s.healthy()).isFalse();
            assertThat(s.toText()).isEqualTo("""
                    Protection of 'streams' at 2026-01-01T00:00:30Z: 1 of 3 components healthy, 1 stale
                      component          kind    RPO     newest recovery point                               observed              state
                      rds                rds     10s     rds-rp-000002 @ 2026-01-01T00:00:20Z                2026-01-01T00:00:30Z  healthy
                      kafka              kafka   -       -                                                   never                 STALE
                      namespace streams  velero  13h30s  namespace streams-rp-000001 @ 2025-12-31T11:00:00Z  2026-01-01T00:00:30Z  UNHEALTHY
                    Why:
                      - kafka: stale: the look failed: io.streamsdr.core.CallFailedException: Call failed: ListOffsets of Kafka cluster 'prod': timed out; no look has succeeded yet
                      - namespace streams: RPO 13h30s exceeds the threshold of 12h: the newest recovery point 'namespace streams-rp-000001' was captured at 2025-12-31T11:00:00Z
                    """);
            assertThat(s.toJson()).isEqualTo("""
                    {
                      "statusSchemaVersion" : 1,
                      "installation" : "streams",
                      "at" : "2026-01-01T00:00:30Z",
                      "healthy" : false,
                      "components" : [
                        {
                          "component" : "rds",
                          "kind" : "rds",
                          "healthy" : true,
                          "reason" : null,
                          "stale" : false,
                          "staleReason" : null,
                          "rpoMillis" : 10000,
                          "expectedIntervalMillis" : 300000,
                          "recoverableTo" : "2026-01-01T00:00:20Z",
                          "newestRecoveryPoint" : {
                            "id" : "rds-rp-000002",
                            "kind" : "MANUAL_SNAPSHOT",
                            "capturedAt" : "2026-01-01T00:00:20Z"
                          },
                          "replicationLag" : null,
                          "observedAt" : "2026-01-01T00:00:30Z",
                          "lookedAt" : "2026-01-01T00:00:30Z"
                        },
                        {
                          "component" : "kafka",
                          "kind" : "kafka",
                          "healthy" : false,
                          "reason" : "stale: the look failed: io.streamsdr.core.CallFailedException: Call failed: ListOffsets of Kafka cluster 'prod': timed out; no look has succeeded yet",
                          "stale" : true,
                          "staleReason" : "the look failed: io.streamsdr.core.CallFailedException: Call failed: ListOffsets of Kafka cluster 'prod': timed out",
                          "rpoMillis" : null,
                          "expectedIntervalMillis" : null,
                          "recoverableTo" : null,
                          "newestRecoveryPoint" : null,
                          "replicationLag" : null,
                          "observedAt" : null,
                          "lookedAt" : "2026-01-01T00:00:30Z"
                        },
                        {
                          "component" : "namespace streams",
                          "kind" : "velero",
                          "healthy" : false,
                          "reason" : "RPO 13h30s exceeds the threshold of 12h: the newest recovery point 'namespace streams-rp-000001' was captured at 2025-12-31T11:00:00Z",
                          "stale" : false,
                          "staleReason" : null,
                          "rpoMillis" : 46830000,
                          "expectedIntervalMillis" : 21600000,
                          "recoverableTo" : "2025-12-31T11:00:00Z",
                          "newestRecoveryPoint" : {
                            "id" : "namespace streams-rp-000001",
                            "kind" : "BACKUP",
                            "capturedAt" : "2025-12-31T11:00:00Z"
                          },
                          "replicationLag" : null,
                          "observedAt" : "2026-01-01T00:00:30Z",
                          "lookedAt" : "2026-01-01T00:00:30Z"
                        }
                      ]
                    }
                    """);
        }
    }

    @Test
    void aMirrorsLagRidesOnItsStatus() {
        Installation i = streams();
        try (ProtectionMonitor monitor = monitor(i)) {
            ComponentStatus k = monitor.status("kafka");
            assertThat(k.replicationLag()).hasValueSatisfying(l -> {
                assertThat(l.records()).isEqualTo(120);
                assertThat(l.time()).isEqualTo(Duration.ofSeconds(2));
            });
            assertThat(k.recoverableTo()).contains(T0.minusSeconds(2));
            clock.advance(Duration.ofSeconds(10));
            assertThat(monitor.status("kafka").ageAt(clock.instant())).as("between looks the age grows with the clock")
                    .contains(Duration.ofSeconds(12));
        }
    }

    @Test
    void aClosedMonitorLooksNoMoreAndSaysSo() {
        Installation i = streams();
        ProtectionMonitor monitor = monitor(i);
        monitor.status();
        monitor.close();
        clock.advance(Duration.ofMinutes(1));

        ComponentStatus s = monitor.status("rds");

        assertThat(rds.protectionStatusCalls()).isEqualTo(1);
        assertThat(s.staleReason()).hasValue("the monitor is closed: no new look since 2026-01-01T00:00:00Z");
        assertThat(monitor.toString()).isEqualTo("ProtectionMonitor[streams, 3 components, refresh 30s, timeout 5s, closed]");

        ProtectionMonitor never = monitor(i);
        never.close();
        assertThat(never.status("kafka").staleReason()).hasValue("the monitor is closed: it never looked");
        assertThat(never.status().healthy()).isFalse();
        assertThat(kafka.protectionStatusCalls()).isEqualTo(1);
    }

    @Test
    void badSettingsAreRefusedBeforeAnyLook() {
        Installation i = streams();
        assertThatThrownBy(() -> ProtectionMonitor.of(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid installation to monitor: must not be null");
        assertThatThrownBy(() -> ProtectionMonitor.of(i).withRefreshInterval(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid refresh interval: must be positive, was 0s");
        assertThatThrownBy(() -> ProtectionMonitor.of(i).withTimeout(Duration.ofSeconds(-1))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid look timeout: must be positive, was -1s");
        assertThatThrownBy(() -> ProtectionMonitor.of(i).withTimeout(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid look timeout: must not be null");
        assertThatThrownBy(() -> ProtectionMonitor.of(i).withTime(null, clock)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid monitor clock: must not be null");
        assertThatThrownBy(() -> ProtectionMonitor.of(i).withTime(clock, null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid monitor sleeper: must not be null");
        assertThatThrownBy(() -> ProtectionMonitor.of(i).withRefreshInterval(Duration.ofSeconds(10)).withTimeout(Duration.ofSeconds(15)).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid look timeout: must not be longer than the refresh interval (10s), was 15s: a look must end before the "
                        + "next one is due");
        try (ProtectionMonitor monitor = monitor(i)) {
            assertThatThrownBy(() -> monitor.status("rds streams-db")).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid component 'rds streams-db': is not part of installation 'streams' (its components: rds, kafka, "
                            + "namespace streams)");
        }
        assertThat(rds.calls() + kafka.calls() + velero.calls()).isZero();
    }

    @Test
    void aTargetWrittenBeforeMonitoringGetsTheDefaults() {
        BackupTarget old = new BackupTarget() {
            @Override
            public String name() {
                return "legacy";
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
                return ProtectionStatus.healthy("legacy", ctx.now(), Duration.ofMinutes(3));
            }
        };
        try (ProtectionMonitor monitor = ProtectionMonitor.of(Installation.named("old").protect(old).build()).withTime(clock, clock).build()) {
            ComponentStatus s = monitor.status("legacy");
            assertThat(s.kind()).isEqualTo("custom");
            assertThat(s.expectedInterval()).isEmpty();
            assertThat(s.newestRecoveryPoint()).isEmpty();
            assertThat(s.recoverableTo()).as("observedAt minus the RPO").contains(T0.minus(Duration.ofMinutes(3)));
            assertThat(monitor.refreshInterval()).isEqualTo(ProtectionMonitor.DEFAULT_REFRESH_INTERVAL);
            assertThat(monitor.timeout()).isEqualTo(ProtectionMonitor.DEFAULT_TIMEOUT);
        }
    }
}
