package io.streamsdr.aws.javadoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.aws.data.MariaDbConnection;
import io.streamsdr.aws.data.MariaDbDataCheck;
import io.streamsdr.aws.data.MariaDbHeartbeat;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Wait;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.MariaDbEngine;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The Javadoc examples of dr-aws's data evidence (connection, heartbeat, row check), compiled and run on real
 * MariaDB servers (dr-testkit's MariaDbEngine behind the in-memory RDS, one engine for the class).
 * {@code JavadocExamplesTest} keeps each {@code // JAVADOC:} region identical to its example.
 */
class MariaDbJavadocExamplesTest {
    static final Secret PASSWORD = Secret.of("...");   // the master password the MariaDbEngine example sets
    @TempDir
    static Path dir;
    static MariaDbEngine engine;
    static VirtualClock clock;
    static InMemoryRds rds;
    static MariaDbConnection production;

    @Test
    void theExamplesRunOnRealMariaDb() {
        clock = VirtualClock.create();
        // JAVADOC:io.streamsdr.testkit.aws.MariaDbEngine:start
        try (MariaDbEngine engine = MariaDbEngine.start(dir)) {
            InMemoryRds rds = InMemoryRds.builder(clock).withEngine(engine).build();
            rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").masterUsername("admin").masterUserPassword("...").dbName("streams"));
            // "streams-db" answers SQL at its endpoint (127.0.0.x:port) as soon as the call returns; RDS states still follow the clock
            examplesOn(engine, rds);                // the test's code
        }
        // JAVADOC:io.streamsdr.testkit.aws.MariaDbEngine:end
    }

    private void examplesOn(MariaDbEngine engine, InMemoryRds rds) {
        MariaDbJavadocExamplesTest.engine = engine;
        MariaDbJavadocExamplesTest.rds = rds;
        clock.advance(Duration.ofMinutes(10));   // "streams-db" is available
        DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db")).dbInstances().get(0);
        production = MariaDbConnection.to(db.endpoint().address(), db.endpoint().port()).database("streams").user("admin").password(PASSWORD);
        engine.execute("streams-db", "CREATE TABLE streams.orders (id BIGINT PRIMARY KEY, created_at DATETIME(6) NOT NULL);"
                + "CREATE TABLE streams.audit (id INT PRIMARY KEY, msg VARCHAR(40));"
                + "INSERT INTO streams.orders VALUES (1, '2026-01-01 00:00:00'), (2, '2026-01-01 00:00:00');"
                + "INSERT INTO streams.audit VALUES (1, 'one')");
        connection();
        heartbeatAndDataCheck();
    }

    static MariaDbConnection restore(String snapshot, String instance) {
        clock.advance(Duration.ofMinutes(10)); // the snapshot becomes available
        rds.restoreDBInstanceFromDBSnapshot(r -> r.dbSnapshotIdentifier(snapshot).dbInstanceIdentifier(instance));
        InetSocketAddress at = engine.listening().get(instance);
        return production.withEndpoint(at.getHostString(), at.getPort());
    }

    private void connection() {
        Secret password = PASSWORD;
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("streams-db").dbSnapshotIdentifier("for-connection"));
        restore("for-connection", "connection-dr");
        InetSocketAddress restoredAt = engine.listening().get("connection-dr");
        String restoredHost = restoredAt.getHostString();
        int restoredPort = restoredAt.getPort();
        DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db")).dbInstances().get(0);
        // JAVADOC:io.streamsdr.aws.data.MariaDbConnection:start
        MariaDbConnection production = MariaDbConnection.to(db.endpoint().address(), db.endpoint().port())
                .database("streams").user("admin").password(password);      // e.g. Secret.of(System.getenv("DB_PASSWORD"))
        String answer = production.answers();       // "SELECT 1 answered by MariaDB 11.4.5-MariaDB at ...:3306 (database streams) as 'admin'"
        MariaDbConnection restored = production.withEndpoint(restoredHost, restoredPort);
        // JAVADOC:io.streamsdr.aws.data.MariaDbConnection:end

        assertThat(answer).startsWith("SELECT 1 answered by MariaDB 11.4").endsWith(":" + db.endpoint().port() + " (database streams) as 'admin'")
                .doesNotContain(PASSWORD.reveal());
        assertThat(restored.answers()).endsWith(":" + restoredPort + " (database streams) as 'admin'");
    }

    private void heartbeatAndDataCheck() {
        VirtualClock own = VirtualClock.create();
        Poller poller = Poller.using(own, own);
        // JAVADOC:io.streamsdr.aws.data.MariaDbHeartbeat:start
        MariaDbHeartbeat heartbeat = MariaDbHeartbeat.on(production).withInterval(Duration.ofSeconds(10)).withRetention(Duration.ofDays(2));
        MariaDbHeartbeat.Writer writer = heartbeat.start(poller);   // a daemon thread: one row every 10 s until writer.stop()
        Instant beat = heartbeat.beat(clock);                       // or one beat per call, from cron
        // JAVADOC:io.streamsdr.aws.data.MariaDbHeartbeat:end
        awaitBeats(writer, 3);
        writer.stop();
        assertThat(writer.lastError()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        Instant lastBeat = heartbeat.beat(clock);
        assertThat(lastBeat).isAfter(beat);
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("streams-db").dbSnapshotIdentifier("nightly"));
        MariaDbConnection restored = restore("nightly", "streams-dr");
        Optional<Instant> newestHeartbeat = heartbeat.newest(restored);   // on the restored instance
        assertThat(newestHeartbeat).contains(lastBeat);

        RunContext run = RunContext.of(Poller.using(clock, clock));
        // JAVADOC:io.streamsdr.aws.data.MariaDbDataCheck:start
        MariaDbDataCheck rows = MariaDbDataCheck.builder("rds", production)
                .restoredAt(() -> restored)            // the restored instance, once the drill has restored it
                .withTable("orders", "created_at")     // row by row; missing rows written after the restore point are loss within the RPO
                .withTable("audit")                    // row by row; any missing row fails
                .withHeartbeat(heartbeat)              // the table MariaDbHeartbeat writes: the RPO measured from data
                .build();
        DataBaseline before = rows.capture(run);      // just before the disaster
        // JAVADOC:io.streamsdr.aws.data.MariaDbDataCheck:end

        DataEvidence evidence = rows.verify(run, before);
        assertThat(before.count()).isEqualTo(3);
        assertThat(evidence.passed()).as(evidence.summary()).isTrue();
        assertThat(evidence.compared()).isEqualTo(3);
    }

    private static void awaitBeats(MariaDbHeartbeat.Writer writer, long beats) {
        Poller.system().await(Wait.until(beats + " beats", writer::beats).withSuccessWhen(n -> n >= beats),
                new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(20)), Duration.ofSeconds(60)));
    }
}
