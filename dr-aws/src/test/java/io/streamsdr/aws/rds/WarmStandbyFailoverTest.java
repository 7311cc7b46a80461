package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Failover;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A user switches the database's strategy by changing one object: the same failover with a snapshot restore or a
 * replica promotion, the same re-point consuming either's endpoint, and the preview saying per component what each
 * does, how long it is expected to take and what it would lose now.
 */
class WarmStandbyFailoverTest {
    final VirtualClock clock = VirtualClock.create();
    final InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(20)).withReplicaLag(Duration.ofSeconds(4))
            .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7))
            .build();
    final RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
    final Installation streams = Installation.named("streams").protect(db).build();

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    /** The failover with {@code database} as the restore and a re-point that reads its endpoint. */
    Failover failover(PlanFragment database, StepOutput<String> endpoint) {
        return streams.failover("failover").restore(database)
                .repoint(PlanFragment.of(Step.named("repoint").consumes(endpoint).withAction(ctx -> ctx.progress("DB_HOST=" + ctx.input(endpoint)))))
                .build();
    }

    @Test
    void thePreviewShowsEachStrategyItsTimeAndItsLossAndThePromotionFailsOverInMinutes() {
        db.takeSnapshot("nightly", Poller.using(clock, clock));
        rds.createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("streams-db-replica").sourceDBInstanceIdentifier("streams-db"));
        clock.advance(Duration.ofHours(3));
        RdsRestore restore = db.restoreFromSnapshot("nightly").toInstance("streams-db-dr").build();
        RdsReplicaPromotion promote = db.promoteReplica("streams-db-replica").withReplicaLag(rds::replicaLag).build();

        FailoverPreview fromSnapshot = failover(restore.fragment(), restore.endpointAddress()).preview(options());
        FailoverPreview fromReplica = failover(promote.fragment(), promote.endpointAddress()).preview(options());

        FailoverPreview.StrategyEstimate s = fromSnapshot.strategy("rds streams-db").orElseThrow();
        assertThat(s.strategy()).isEqualTo("restore a snapshot into 'streams-db-dr'");
        assertThat(s.expectedTime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.dataLoss()).isEqualTo(fromSnapshot.estimatedDataLoss("rds streams-db")); // the newest recovery point's age
        FailoverPreview.StrategyEstimate p = fromReplica.strategy("rds streams-db").orElseThrow();
        assertThat(p.strategy()).isEqualTo("promote read replica 'streams-db-replica'");
        assertThat(p.expectedTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.dataLoss()).contains(Duration.ofSeconds(4));
        assertThat(fromReplica.toText()).contains("Strategies (per component", "promote read replica 'streams-db-replica'",
                "expected 5m, would lose 4s");
        assertThat(fromReplica.ready()).isTrue();

        PlanReport report = failover(promote.fragment(), promote.endpointAddress()).execute(options()).throwIfFailed();

        assertThat(report.rto()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5)); // the fake's 4-minute promotion, seen within 30 s
        assertThat(report.rpo()).containsEntry("rds streams-db", Duration.ofSeconds(4));
        assertThat(report.step("rds-promote").orElseThrow().outputs().get("rds-promote.endpoint.address")).startsWith("streams-db-replica.");
    }

    @Test
    void theJavadocExamplePromotesTheReplicaInPlaceOfARestore() {
        rds.createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("streams-db-replica").sourceDBInstanceIdentifier("streams-db"));
        clock.advance(Duration.ofMinutes(30)); // the replica is created and catches up long before any disaster
        RdsReplicaPromotion.LagSource replicaLag = rds::replicaLag;
        Installation installation = streams;
        StepOutput<String> host = StepOutput.string("rds-promote.endpoint.address");
        PlanFragment repoint = PlanFragment.of(Step.named("repoint").consumes(host).withAction(ctx -> ctx.progress("DB_HOST=" + ctx.input(host))));

        // JAVADOC:io.streamsdr.aws.rds.RdsReplicaPromotion:start
        RdsReplicaPromotion promote = db.promoteReplica("streams-db-replica")
                .withReplicaLag(replicaLag)                 // a LagSource: what CloudWatch's ReplicaLag says now
                .withMaxLag(Duration.ofMinutes(5))          // the RPO objective: refused above it
                .build();
        Failover failover = installation.failover("failover")
                .restore(promote.fragment())                // in place of a snapshot restore: the same outputs
                .repoint(repoint)                           // e.g. a ReleaseUpgrade reading promote.endpointAddress()
                .build();
        // JAVADOC:io.streamsdr.aws.rds.RdsReplicaPromotion:end

        PlanReport report = failover.execute(options()).throwIfFailed();
        assertThat(promote.endpointAddress().name()).isEqualTo(host.name());
        assertThat(report.rpo()).containsEntry("rds streams-db", Duration.ofSeconds(4));
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-replica")).dbInstances().get(0)
                .readReplicaSourceDBInstanceIdentifier()).isNull();
    }
}
