package io.streamsdr.aws.data;

import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Secret;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.MariaDbEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the database evidence costs, on a real MariaDB server started here (dr-testkit's MariaDbEngine), each
 * figure against a baseline measured in the same run:
 * <ul>
 *   <li>heartbeat writes per second sustained by {@link MariaDbHeartbeat.Writer} (one INSERT and one pruning
 *       DELETE per beat, on one connection) against plain single-row INSERTs on one connection;</li>
 *   <li>the time to capture a table of 1e5 and 1e6 rows as {@link MariaDbDataCheck} does (by digest, and row by
 *       row) against {@code SELECT COUNT(*)} and {@code CHECKSUM TABLE} of the same table.</li>
 * </ul>
 * Not a test: {@code ./mvnw -B -q -Pbench-evidence -DskipTests verify -pl dr-aws -am}. Medians of 3 after one warm-up.
 */
public final class EvidenceBenchmark {
    private static final Secret PASSWORD = Secret.of("bench-Pa55");

    private EvidenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("evidence-bench");
        VirtualClock clock = VirtualClock.create();
        long t0 = System.nanoTime();
        try (MariaDbEngine engine = MariaDbEngine.start(dir.resolve("engine"))) {
            InMemoryRds rds = InMemoryRds.builder(clock).withEngine(engine).build();
            var db = rds.createAvailableInstance(r -> r.dbInstanceIdentifier("bench").masterUsername("admin").masterUserPassword(PASSWORD.reveal())
                    .dbName("streams"));
            MariaDbConnection conn = MariaDbConnection.to(db.endpoint().address(), db.endpoint().port()).database("streams").user("admin")
                    .password(PASSWORD);
            System.out.printf(Locale.ROOT, "Evidence benchmark: MariaDB %s on %s, started in %.1f s; JVM %s, %d cores, load %s%n%n",
                    MariaDbEngine.VERSION, conn.address(), (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0]);
            heartbeat(conn, clock);
            System.out.println();
            for (int rows : new int[] {100_000, 1_000_000}) {
                checksum(conn, clock, rows);
            }
        }
    }

    private static void heartbeat(MariaDbConnection conn, VirtualClock clock) throws Exception {
        Duration window = Duration.ofSeconds(5);
        List<Double> inserts = new ArrayList<>();
        List<Double> beats = new ArrayList<>();
        try (Connection c = conn.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE plain_insert (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL, writer VARCHAR(64) NOT NULL)");
            VirtualClock own = VirtualClock.create(); // virtual time, one timeline for every round: the writer beats as fast as the server takes it
            for (int round = 0; round < 4; round++) {
                long n = 0;
                long start = System.nanoTime();
                try (PreparedStatement p = c.prepareStatement("INSERT INTO plain_insert (at, writer) VALUES (?, 'bench')")) {
                    while (System.nanoTime() - start < window.toNanos()) {
                        p.setObject(1, LocalDateTime.now());
                        p.executeUpdate();
                        n++;
                    }
                }
                double insertRate = n / ((System.nanoTime() - start) / 1e9);
                MariaDbHeartbeat hb = MariaDbHeartbeat.on(conn).withTable("bench_heartbeat").withInterval(Duration.ofSeconds(10))
                        .withRetention(Duration.ofDays(1));
                long beatStart = System.nanoTime();
                MariaDbHeartbeat.Writer w = hb.start(Poller.using(own, own));
                while (System.nanoTime() - beatStart < window.toNanos()) {
                    if (w.lastError().isPresent()) {
                        throw w.lastError().get();
                    }
                    sleepQuietly();
                }
                w.stop();
                double beatRate = w.beats() / ((System.nanoTime() - beatStart) / 1e9);
                if (round > 0) {
                    inserts.add(insertRate);
                    beats.add(beatRate);
                }
            }
            long rows = count(c, "bench_heartbeat");
            System.out.println("Heartbeat writes, sustained for " + window.toSeconds() + " s each, median of 3:");
            System.out.printf(Locale.ROOT, "  %-58s %10.0f /s%n", "baseline: plain single-row INSERT, one connection", median(inserts));
            System.out.printf(Locale.ROOT, "  %-58s %10.0f /s  (%.2f of the baseline)%n", "MariaDbHeartbeat.Writer (INSERT + pruning DELETE)",
                    median(beats), median(beats) / median(inserts));
            System.out.printf(Locale.ROOT, "  %-58s %10d rows (retention 1 day at 10 s: at most %d)%n", "table after the runs",
                    rows, MariaDbHeartbeat.on(conn).withRetention(Duration.ofDays(1)).maxRows());
            System.out.printf(Locale.ROOT, "  at one beat every 10 s a writer needs %.5f%% of what this server sustains%n", 100 * 0.1 / median(beats));
        }
    }

    private static void checksum(MariaDbConnection conn, VirtualClock clock, int rows) throws Exception {
        String table = "orders_" + rows;
        try (Connection c = conn.open(); Statement s = c.createStatement()) {
            long fill = System.nanoTime();
            s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, item VARCHAR(64) NOT NULL, amount_cents INT NOT NULL, "
                    + "created_at DATETIME(6) NOT NULL)");
            s.execute("INSERT INTO " + table + " SELECT seq, CONCAT('item-', seq MOD 97), seq * 37 MOD 10000, "
                    + "TIMESTAMP '2026-03-01 12:00:00' + INTERVAL seq SECOND FROM seq_1_to_" + rows);
            System.out.printf(Locale.ROOT, "Table of %,d rows (filled in %.1f s), median of 3 after one warm-up:%n", rows, (System.nanoTime() - fill) / 1e9);
            double count = time(() -> query(c, "SELECT COUNT(*) FROM " + table));
            double checksum = time(() -> query(c, "CHECKSUM TABLE " + table));
            MariaDbHeartbeat.on(conn).withTable("bench_heartbeat").beat(clock);
            MariaDbDataCheck digest = MariaDbDataCheck.builder("rds", conn).withTable(table).withRowLimit(1)
                    .withHeartbeat(MariaDbHeartbeat.on(conn).withTable("bench_heartbeat")).restoredAt(() -> conn).build();
            MariaDbDataCheck byRow = digest.toBuilder().withRowLimit(rows).build();
            RunContext run = RunContext.of(Poller.using(clock, clock));
            double digestCapture = time(() -> digest.capture(run));
            double rowCapture = time(() -> byRow.capture(run));
            DataBaseline before = byRow.capture(run);
            double rowVerify = time(() -> byRow.verify(run, before));
            System.out.printf(Locale.ROOT, "  %-58s %9.3f s%n", "baseline: SELECT COUNT(*)", count);
            System.out.printf(Locale.ROOT, "  %-58s %9.3f s  (%.1fx COUNT)%n", "CHECKSUM TABLE", checksum, checksum / count);
            System.out.printf(Locale.ROOT, "  %-58s %9.3f s  (%.1fx COUNT, %.2fx CHECKSUM TABLE)%n", "capture by count and digest (row limit 1)",
                    digestCapture, digestCapture / count, digestCapture / checksum);
            System.out.printf(Locale.ROOT, "  %-58s %9.3f s  (%.1fx COUNT, %.2fx CHECKSUM TABLE)%n", "capture row by row (row limit " + rows + ")",
                    rowCapture, rowCapture / count, rowCapture / checksum);
            System.out.printf(Locale.ROOT, "  %-58s %9.3f s  (%.1fx COUNT)%n%n", "verify row by row against that baseline (same server)", rowVerify,
                    rowVerify / count);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        w.run();
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            w.run();
            runs.add((System.nanoTime() - start) / 1e9);
        }
        return median(runs);
    }

    private static void query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                r.getString(1);
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void sleepQuietly() throws InterruptedException {
        Thread.sleep(20);
    }
}
