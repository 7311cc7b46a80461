package io.streamsdr.core.monitoring;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A Streams installation on fakes with its monitor, meters and a real Prometheus registry, on a virtual clock:
 * an RDS instance (transaction logs every 5 minutes), a Kafka mirror and a namespace under a 6-hour Velero
 * schedule, and a failover whose restore takes as long as a test says, or fails.
 */
final class MonitoredStreams implements AutoCloseable {
    static final Objectives OBJECTIVES = Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofMinutes(15))
            .withRpo("kafka", Duration.ofMinutes(5)).withRpo("namespace streams", Duration.ofHours(2));

    final VirtualClock clock;
    final RunContext ctx;
    final FakeBackupTarget rds;
    final FakeBackupTarget kafka;
    final FakeBackupTarget namespace;
    final Installation installation;
    final Failover failover;
    final ProtectionMonitor monitor;
    final ProtectionMeters meters;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile Duration restoreTakes = Duration.ofMinutes(20);
    private volatile boolean restoreFails;

    MonitoredStreams(Instant start) {
        clock = VirtualClock.startingAt(start);
        ctx = RunContext.of(Poller.using(clock, clock));
        rds = FakeBackupTarget.named("rds").withClock(clock).withComponentKind("rds").withExpectedInterval(Duration.ofMinutes(5));
        kafka = FakeBackupTarget.named("kafka").withClock(clock).withComponentKind("kafka").withKind(RecoveryPoint.Kind.SYNC_POINT)
                .withReplicationLagRecords(0);
        namespace = FakeBackupTarget.named("namespace streams").withClock(clock).withComponentKind("velero")
                .withKind(RecoveryPoint.Kind.BACKUP).withExpectedInterval(Duration.ofHours(6)).withRpoThreshold(Duration.ofHours(1));
        installation = Installation.named("streams").protect(rds).protect(kafka).protect(namespace).build();
        failover = installation.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("restore").withAction(c -> {
                    c.sleep(restoreTakes);
                    c.recordRpo("rds", Duration.ofMinutes(4));
                    c.recordRpo("kafka", Duration.ZERO);
                    c.recordRpo("namespace streams", Duration.ofMinutes(50));
                    if (restoreFails) {
                        throw new TerminalStateException("RDS instance 'streams-db-dr' to be available", "its status is failed", 1,
                                restoreTakes);
                    }
                })))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(c -> c.sleep(Duration.ofMinutes(1)))))
                .withObjectives(OBJECTIVES)
                .build();
        monitor = ProtectionMonitor.of(installation).withRefreshInterval(Duration.ofSeconds(30)).withTimeout(Duration.ofSeconds(5))
                .withTime(clock, clock).build();
        meters = monitor.meters().withPlan(failover.plan()).build();
        meters.bindTo(registry);
    }

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    /** A drill whose restore takes {@code restore} (plus the one-minute re-point), failing when asked. */
    DrillReport drill(Duration restore, boolean fails) {
        script(restore, fails);
        return failover.drill().onEvents(meters).run(options());
    }

    /** How the failover's restore step behaves from now on: it takes {@code restore}, and fails when asked. */
    void script(Duration restore, boolean fails) {
        restoreTakes = restore;
        restoreFails = fails;
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        monitor.close();
        registry.close();
    }
}
