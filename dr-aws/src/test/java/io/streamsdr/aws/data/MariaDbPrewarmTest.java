package io.streamsdr.aws.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.StepReport;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.MariaDbEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prewarm on real MariaDB servers (dr-testkit's MariaDbEngine behind the in-memory RDS, one engine for the class):
 * after a snapshot restore it reads the chosen tables in full and reports "available" and "warm" as two times; a
 * missing table fails naming the table and the server, never the password. Time is a ScaledClock (×600): the restore's
 * 10 simulated minutes take a second, the reads take what they take, scaled.
 */
class MariaDbPrewarmTest {
    static final Secret PASSWORD = Secret.of("Prewarm-Pa55-w0rd!");
    @TempDir
    static Path dir;
    static MariaDbEngine engine;
    static ScaledClock clock;
    static InMemoryRds rds;
    static MariaDbConnection production;

    @BeforeAll
    static void production() {
        engine = MariaDbEngine.start(dir.resolve("engine"));
        clock = ScaledClock.start(600);
        rds = InMemoryRds.builder(clock).withEngine(engine).withRestoreDuration(Duration.ofMinutes(10)).build();
        var db = rds.createAvailableInstance(r -> r.dbInstanceIdentifier("prod").engine("mariadb").masterUsername("admin")
                .masterUserPassword(PASSWORD.reveal()).dbName("streams").backupRetentionPeriod(1));
        production = MariaDbConnection.to(db.endpoint().address(), db.endpoint().port()).database("streams").user("admin").password(PASSWORD);
        engine.execute("prod", "CREATE TABLE streams.orders (id BIGINT PRIMARY KEY, item VARCHAR(40) NOT NULL);"
                + "INSERT INTO streams.orders SELECT seq, CONCAT('item ', seq) FROM streams.seq_1_to_20000;"
                + "CREATE TABLE streams.audit (id INT PRIMARY KEY, msg VARCHAR(40));"
                + "INSERT INTO streams.audit VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        RdsDatabase.builder(rds, "prod").build().takeSnapshot("nightly", Poller.using(clock, clock)); // 3 simulated minutes
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    static StepReport stepOf(PlanReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step '" + id + "' in " + report));
    }

    RdsRestore restore(String target) {
        return RdsDatabase.builder(rds, "prod").build().restoreFromSnapshot("nightly").toInstance(target).build();
    }

    @Test
    void afterARestoreItReadsTheTablesInFullAndReportsAvailableAndWarmApart() {
        RdsRestore restore = restore("warm-me");
        // JAVADOC:io.streamsdr.aws.data.MariaDbPrewarm:start
        MariaDbPrewarm prewarm = MariaDbPrewarm.builder(production)        // database, user, password; host and port from the restore
                .after(restore.fragment(), restore.endpointAddress(), restore.endpointPort())
                .withTable("orders").withTable("audit")
                .build();
        RestorePlan plan = RestorePlan.builder("failover")
                .withFragment(restore.fragment())
                .withFragment(prewarm.fragment())                           // step "rds-prewarm", after "rds-restore"
                .build();
        // JAVADOC:io.streamsdr.aws.data.MariaDbPrewarm:end

        PlanReport report = plan.execute(options()).throwIfFailed();

        StepReport restored = stepOf(report, restore.id());
        StepReport warmed = stepOf(report, prewarm.id());
        Instant available = Instant.parse(warmed.outputs().get("rds-prewarm.available-at"));
        Instant warm = Instant.parse(warmed.outputs().get("rds-prewarm.warm-at"));
        assertThat(warmed.outputs()).containsEntry("rds-prewarm.rows", "20003");
        assertThat(warmed.dependsOn()).containsExactly("rds-restore");
        assertThat(restored.duration().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(available).isAfterOrEqualTo(restored.endedAt().orElseThrow());
        assertThat(warm).as("reading 20,003 rows takes time of its own").isAfter(available);
        assertThat(warmed.endedAt().orElseThrow()).isAfterOrEqualTo(warm);
    }

    @Test
    void aMissingTableFailsNamingTheTableAndTheServerNeverThePassword() {
        RdsRestore restore = restore("warm-missing");
        MariaDbPrewarm prewarm = MariaDbPrewarm.builder(production).withId("warm")
                .after(restore.fragment(), restore.endpointAddress(), restore.endpointPort()).withTable("audit").withTable("no_such").build();

        PlanReport report = RestorePlan.builder("failover").withFragment(restore.fragment()).withFragment(prewarm.fragment()).build()
                .execute(options());

        assertThat(report.succeeded()).isFalse();
        String at = engine.listening().get("warm-missing").getHostString() + ":" + engine.listening().get("warm-missing").getPort();
        assertThat(stepOf(report, "warm").error().orElseThrow())
                .contains("Call failed: read table no_such in full on MariaDB at " + at + " (database streams) as 'admin': ")
                .contains("no_such").doesNotContain(PASSWORD.reveal());
        assertThat(report.toString()).doesNotContain(PASSWORD.reveal());
    }
}
