package io.streamsdr.aws.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Wait;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.MariaDbEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database check on real MariaDB servers (dr-testkit's MariaDbEngine behind the in-memory RDS): the
 * heartbeat writer, capture on production, verification on an instance restored from a snapshot, the
 * loss each fault makes reported exactly, and every error naming host:port and the table, never the password.
 */
class MariaDbDataCheckTest {
    static final Secret PASSWORD = Secret.of("Check-Pa55-w0rd!");
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    @TempDir
    static Path dir;
    static MariaDbEngine engine;
    static InMemoryRds rds;
    static VirtualClock clock;
    static MariaDbConnection production;

    @BeforeAll
    static void production() {
        engine = MariaDbEngine.start(dir.resolve("engine"));
        clock = VirtualClock.startingAt(START);
        rds = InMemoryRds.builder(clock).withEngine(engine).build();
        var db = rds.createAvailableInstance(r -> r.dbInstanceIdentifier("prod").engine("mariadb").masterUsername("admin")
                .masterUserPassword(PASSWORD.reveal()).dbName("streams").backupRetentionPeriod(1));
        production = MariaDbConnection.to(db.endpoint().address(), db.endpoint().port()).database("streams").user("admin").password(PASSWORD);
        engine.execute("prod", "CREATE TABLE streams.orders (id BIGINT PRIMARY KEY, item VARCHAR(40) NULL, created_at DATETIME(6) NOT NULL);"
                + "CREATE TABLE streams.audit (id INT PRIMARY KEY, msg VARCHAR(40));"
                + "CREATE TABLE streams.nokey (n INT, label VARCHAR(10))");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** Writes orders first..last, one a minute of the clock, and one heartbeat after each. */
    static void write(MariaDbHeartbeat heartbeat, int first, int last) {
        StringBuilder sql = new StringBuilder();
        for (int id = first; id <= last; id++) {
            LocalDateTime at = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            sql.append("INSERT INTO streams.orders VALUES (").append(id).append(", ").append(id % 5 == 0 ? "NULL" : "'item " + id + "'")
                    .append(", '").append(at).append("');");
            engine.execute("prod", sql.toString());
            sql.setLength(0);
            heartbeat.beat(clock);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    static MariaDbConnection restore(String snapshot, String instance) {
        clock.advance(Duration.ofMinutes(4)); // the snapshot becomes available
        rds.restoreDBInstanceFromDBSnapshot(r -> r.dbSnapshotIdentifier(snapshot).dbInstanceIdentifier(instance));
        InetSocketAddress at = engine.listening().get(instance);
        return production.withEndpoint(at.getHostString(), at.getPort());
    }

    static Instant min(Instant t0, int minutes) {
        return t0.plus(Duration.ofMinutes(minutes));
    }

    static RunContext run() {
        return RunContext.of(Poller.using(clock, clock));
    }

    @Test
    void lossAfterTheRestorePointIsWithinTheRpoAndEveryOtherFaultIsReportedExactly() {
        MariaDbHeartbeat heartbeat = MariaDbHeartbeat.on(production).withTable("hb_loss");
        Instant t0 = clock.instant(); // the class's tests share the clock: times are relative to this one's start
        engine.execute("prod", "DELETE FROM streams.orders; DELETE FROM streams.audit; DELETE FROM streams.nokey;"
                + "INSERT INTO streams.audit VALUES (1, 'one'), (2, 'two'), (3, 'three'); INSERT INTO streams.nokey VALUES (1, 'x'), (2, 'y')");
        write(heartbeat, 1, 20);                                      // 12:00 .. 12:19, heartbeats likewise
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("prod").dbSnapshotIdentifier("nightly"));
        write(heartbeat, 21, 24);                                     // written after the snapshot: lost, within the RPO
        MariaDbDataCheck.Builder builder = MariaDbDataCheck.builder("rds", production).withTable("orders", "created_at").withTable("audit")
                .withTable("nokey").withHeartbeat(heartbeat);
        MariaDbConnection intact = restore("nightly", "restored-intact");
        MariaDbDataCheck check = builder.restoredAt(() -> intact).build();
        DataBaseline before = check.capture(run());

        DataEvidence good = check.verify(run(), before);

        assertThat(before.count()).isEqualTo(24 + 3 + 2);
        assertThat(before.newestHeartbeat()).contains(min(t0, 23));
        assertThat(before.takenAt()).isEqualTo(min(t0, 28));
        assertThat(good.summary()).isEqualTo("25 rows compared; 4 rows lost within the RPO (written after the newest heartbeat restored); "
                + "newest heartbeat restored " + min(t0, 19) + ", RPO from data 9m");
        assertThat(good.passed()).isTrue();
        assertThat(good.differences()).extracting(DataEvidence.Difference::toString).containsExactly(
                "missing streams.orders: id 21, written " + min(t0, 20) + " (within the RPO)",
                "missing streams.orders: id 22, written " + min(t0, 21) + " (within the RPO)",
                "missing streams.orders: id 23, written " + min(t0, 22) + " (within the RPO)",
                "missing streams.orders: id 24, written " + min(t0, 23) + " (within the RPO)");

        // The same restore, broken in every way a restore can be broken, behind the application's back.
        MariaDbConnection broken = restore("nightly", "restored-broken");
        engine.execute("restored-broken", "DELETE FROM streams.orders WHERE id = 3; UPDATE streams.orders SET item = 'changed' WHERE id = 7;"
                + "INSERT INTO streams.orders VALUES (99, 'extra', '2026-03-01 12:05:00');"
                + "DROP TABLE streams.audit; ALTER TABLE streams.nokey ADD COLUMN extra INT; DROP TABLE streams.hb_loss");
        DataEvidence bad = builder.restoredAt(() -> broken).build().verify(run(), before);

        assertThat(bad.passed()).isFalse();
        assertThat(bad.differences()).extracting(DataEvidence.Difference::toString).containsExactly(
                "missing streams.hb_loss: heartbeat table missing on " + broken.address() + ": expected the table MariaDbHeartbeat writes",
                "missing streams.orders: id 3, written " + min(t0, 2),
                "changed streams.orders: id 7: its content differs",
                // no heartbeat restored: the rows written after the snapshot cannot be dated against it
                "missing streams.orders: id 21, written " + min(t0, 20),
                "missing streams.orders: id 22, written " + min(t0, 21),
                "missing streams.orders: id 23, written " + min(t0, 22),
                "missing streams.orders: id 24, written " + min(t0, 23),
                "extra streams.orders: id 99: not there at the disaster",
                "missing streams.audit: table missing on " + broken.address() + " (it had 3 rows at the disaster)",
                "changed streams.nokey: shape changed: expected (n int(11), label varchar(10)), found (n int(11), label varchar(10), extra int(11))");
        assertThat(bad.summary()).endsWith("no heartbeat came back, so the RPO cannot be measured from data");
        assertThat(bad.compared()).isEqualTo(20);
    }

    @Test
    void aTableOverTheRowLimitOrWithoutAKeyIsComparedByCountAndDigest() {
        MariaDbHeartbeat heartbeat = MariaDbHeartbeat.on(production).withTable("hb_digest");
        engine.execute("prod", "DELETE FROM streams.nokey; INSERT INTO streams.nokey VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        heartbeat.beat(clock);
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("prod").dbSnapshotIdentifier("digest"));
        engine.execute("prod", "INSERT INTO streams.nokey VALUES (4, 'd')");
        MariaDbConnection restored = restore("digest", "restored-digest");
        MariaDbDataCheck check = MariaDbDataCheck.builder("rds", production).withTable("nokey").withRowLimit(1).withHeartbeat(heartbeat)
                .restoredAt(() -> restored).build();
        DataBaseline before = check.capture(run());

        DataEvidence e = check.verify(run(), before);

        assertThat(before.item("nokey").orElseThrow().count()).isEqualTo(4);
        assertThat(e.passed()).isFalse();
        assertThat(e.differences()).hasSize(1);
        assertThat(e.differences().get(0).toString()).matches("changed streams\\.nokey: 4 rows with digest [0-9a-f]+ at the disaster, 3 restored "
                + "with digest [0-9a-f]+ \\(compared by digest: no primary key, so rows are not listed\\)");
        engine.execute("restored-digest", "INSERT INTO streams.nokey VALUES (4, 'd')");
        assertThat(check.verify(run(), before).differenceCount()).as("same rows, same digest, whatever the order").isZero();
    }

    @Test
    void theHeartbeatWriterBeatsOnItsPollerAndKeepsTheTableBounded() {
        MariaDbHeartbeat heartbeat = MariaDbHeartbeat.on(production).withTable("hb_bounded").withInterval(Duration.ofSeconds(10))
                .withRetention(Duration.ofMinutes(1)).withWriter("test-writer");
        VirtualClock own = VirtualClock.startingAt(START);

        MariaDbHeartbeat.Writer writer = heartbeat.start(Poller.using(own, own)); // virtual time: beats as fast as the server takes them
        Poller.system().await(Wait.until("30 beats", writer::beats).withSuccessWhen(n -> n >= 30),
                new PollPolicy(Duration.ZERO, io.streamsdr.core.Backoff.fixed(Duration.ofMillis(50)), Duration.ofSeconds(60)));
        writer.stop();

        assertThat(writer.lastError()).isEmpty();
        long beats = writer.beats();
        assertThat(engine.execute("prod", "SELECT COUNT(*) FROM streams.hb_bounded")).containsExactly(String.valueOf(heartbeat.maxRows()));
        assertThat(heartbeat.maxRows()).isEqualTo(7);
        assertThat(heartbeat.newest(production)).contains(writer.lastBeat().orElseThrow());
        assertThat(engine.execute("prod", "SELECT DISTINCT writer FROM streams.hb_bounded")).containsExactly("test-writer");
        assertThat(writer.beats()).as("stopped: no more beats").isEqualTo(beats);
    }

    @Test
    void errorsNameTheServerAndTheTableNeverThePassword() {
        MariaDbConnection wrongPassword = MariaDbConnection.to(production.host(), production.port()).database("streams").user("admin")
                .password(Secret.of("not-it-" + PASSWORD.reveal()));
        MariaDbConnection nobody = MariaDbConnection.to("127.0.0.1", 1).database("streams").user("admin").password(PASSWORD)
                .withTimeout(Duration.ofSeconds(2));

        assertThat(production.answers()).isEqualTo("SELECT 1 answered by MariaDB 11.4.5-MariaDB at " + production.address()
                + " (database streams) as 'admin'");
        assertThat(production).hasToString("MariaDB at " + production.address() + " (database streams) as 'admin'");
        Throwable denied = catchFailure(wrongPassword::answers);
        assertThat(denied).isInstanceOf(CallFailedException.class).hasMessageMatching("Call failed: connect to MariaDB at "
                + production.address().replace(".", "\\.") + " \\(database streams\\) as 'admin': \\(conn=\\d+\\) Access denied for user "
                + "'admin'@'[0-9.]+' \\(using password: YES\\)");
        Throwable refused = catchFailure(nobody::answers);
        assertThat(refused).isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: connect to MariaDB at 127.0.0.1:1 (database streams) as 'admin': Socket fail to connect to ");
        Throwable noHeartbeatAtCapture = catchFailure(() -> MariaDbDataCheck.builder("rds", production).withTable("audit")
                .withHeartbeat(MariaDbHeartbeat.on(production).withTable("hb_never_written")).restoredAt(() -> production).build().capture(run()));
        assertThat(noHeartbeatAtCapture).hasMessage("Call failed: read the newest heartbeat of table hb_never_written of MariaDB at "
                + production.address() + " (database streams) as 'admin': heartbeat table streams.hb_never_written does not exist on "
                + production.address() + ": expected the table MariaDbHeartbeat writes (one row per PT10S)");
        MariaDbHeartbeat beating = MariaDbHeartbeat.on(production).withTable("hb_errors");
        beating.beat(clock);
        Throwable noTable = catchFailure(() -> MariaDbDataCheck.builder("rds", production).withTable("missing_table").withHeartbeat(beating)
                .restoredAt(() -> production).build().capture(run()));
        assertThat(noTable).hasMessage("Call failed: capture table missing_table of MariaDB at " + production.address() + " (database streams) as "
                + "'admin': table streams.missing_table does not exist on " + production.address() + ": expected the tables given to withTable(...)");
        Throwable noColumn = catchFailure(() -> MariaDbDataCheck.builder("rds", production).withTable("audit", "created_at")
                .withHeartbeat(beating).restoredAt(() -> production).build().capture(run()));
        assertThat(noColumn).hasMessage("Call failed: capture table audit of MariaDB at " + production.address() + " (database streams) as "
                + "'admin': table streams.audit has no column created_at (columns: id int(11), msg varchar(40)): expected the written-at column "
                + "given to withTable");
        Throwable noHeartbeat = catchFailure(() -> MariaDbHeartbeat.on(production).withTable("no_such_heartbeat").newest(production));
        assertThat(noHeartbeat).hasMessage("Call failed: read the newest heartbeat of table no_such_heartbeat of MariaDB at " + production.address()
                + " (database streams) as 'admin': heartbeat table streams.no_such_heartbeat does not exist on " + production.address()
                + ": expected the table MariaDbHeartbeat writes (one row per PT10S)");
        for (Throwable t : List.of(denied, refused, noHeartbeatAtCapture, noTable, noColumn, noHeartbeat)) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(PASSWORD.reveal());
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyCallWithTheWholeRule() throws Exception {
        assertThatThrownBy(() -> MariaDbConnection.to(" ", 3306)).hasMessage("Invalid MariaDB host: must not be blank");
        assertThatThrownBy(() -> MariaDbConnection.to("db", 0)).hasMessage("Invalid MariaDB port: must be 1 to 65535, was 0");
        assertThatThrownBy(() -> MariaDbConnection.to("db", 3306).database("streams; DROP")).hasMessage(
                "Invalid database name 'streams; DROP': must be 1 to 64 letters, digits, '_' or '$'");
        assertThatThrownBy(() -> MariaDbConnection.to("db", 3306).database("streams").user("")).hasMessage(
                "Invalid user of MariaDB database 'streams': must not be blank");
        assertThatThrownBy(() -> MariaDbConnection.to("db", 3306).database("streams").user("admin").password(null)).hasMessage(
                "Invalid password of MariaDB user 'admin': must not be null");
        assertThatThrownBy(() -> production.withTimeout(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid MariaDB timeout: ");
        assertThatThrownBy(() -> MariaDbDataCheck.builder("rds", production).restoredAt(() -> production).build()).hasMessage(
                "Invalid tables of 'rds': must name at least one: add withTable(\"orders\")");
        assertThatThrownBy(() -> MariaDbDataCheck.builder("rds", production).withTable("orders").build()).hasMessage(
                "Invalid restored database of 'rds': must be given: add restoredAt(() -> production.withEndpoint(restoredHost, port))");
        assertThatThrownBy(() -> MariaDbDataCheck.builder("rds", production).withTable("orders").withTable("orders")).hasMessage(
                "Invalid table 'orders' of 'rds': must be given once");
        assertThatThrownBy(() -> MariaDbDataCheck.builder("rds", production).withTable("orders", "created at")).hasMessage(
                "Invalid written-at column name 'created at': must be 1 to 64 letters, digits, '_' or '$'");
        assertThatThrownBy(() -> MariaDbDataCheck.builder("rds", production).withRowLimit(0)).hasMessage(
                "Invalid row limit of 'rds': must be at least 1, was 0");
        assertThatThrownBy(() -> MariaDbHeartbeat.on(production).withRetention(Duration.ofSeconds(5))).hasMessage(
                "Invalid heartbeat retention: must be at least the interval (PT10S), was PT5S");
        assertThatThrownBy(() -> MariaDbHeartbeat.on(production).withWriter("w".repeat(65))).hasMessage(
                "Invalid heartbeat writer: must be at most 64 characters, was 65");
        MariaDbDataCheck check = MariaDbDataCheck.builder("rds", production).withTable("orders").restoredAt(() -> production).build();
        assertThatThrownBy(() -> check.verify(run(), DataBaseline.of("rds", "rows", START, List.of(), java.util.Optional.empty()))).hasMessage(
                "Invalid data baseline of 'rds': was not captured by a database check: pass what capture(ctx) returned");
        assertThat(check.toBuilder().build().tables()).containsExactly(java.util.Map.entry("orders", ""));
        assertThatThrownBy(() -> MariaDbConnection.requireDriver(OptionalDependency.ofClass("org.mariadb.jdbc.NoSuchDriver",
                MariaDbConnection.DRIVER_ARTIFACT, "3.5.7"), getClass().getClassLoader())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of the database checks: lacks org.mariadb.jdbc:mariadb-java-client (class"
                        + " org.mariadb.jdbc.NoSuchDriver not found): add org.mariadb.jdbc:mariadb-java-client:3.5.7 in runtime scope"
                        + " (dr-aws declares the MariaDB JDBC driver optional)");
        MariaDbConnection.requireDriver(getClass().getClassLoader());
        assertThat(org.mariadb.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .endsWith("/mariadb-java-client-" + MariaDbConnection.DRIVER.version() + ".jar");
    }

    private static Throwable catchFailure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
