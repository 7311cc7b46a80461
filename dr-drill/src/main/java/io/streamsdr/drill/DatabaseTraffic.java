package io.streamsdr.drill;

import io.streamsdr.aws.data.MariaDbConnection;
import io.streamsdr.aws.data.MariaDbHeartbeat;
import io.streamsdr.core.CallFailedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams' database at work until the disaster: the schema ({@code orders}, {@code events}, each row
 * stamped with the drill's clock in {@code created_at}), a first batch of rows, then at a fixed real-time
 * rate one order, one event and one heartbeat ({@link MariaDbHeartbeat}), all from one thread, in that order.
 * One thread matters: a row is committed before any later heartbeat is stamped, so every row a snapshot
 * misses was written after the newest heartbeat it holds.
 */
final class DatabaseTraffic implements AutoCloseable {
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(64) NOT NULL, amount_cents INT NOT NULL,
                created_at DATETIME(6) NOT NULL);
            CREATE TABLE IF NOT EXISTS events (id BIGINT AUTO_INCREMENT PRIMARY KEY, kind VARCHAR(32) NOT NULL, payload VARCHAR(255),
                created_at DATETIME(6) NOT NULL)""";

    private final MariaDbConnection db;
    private final MariaDbHeartbeat heartbeat;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private Connection connection;

    private DatabaseTraffic(MariaDbConnection db, MariaDbHeartbeat heartbeat, Clock clock) {
        this.db = db;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streams-database-traffic");
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates the schema, writes {@code initialRows} orders and as many events and one heartbeat, and returns without writing more. */
    static DatabaseTraffic prepare(MariaDbConnection db, MariaDbHeartbeat heartbeat, Clock clock, int initialRows) {
        DatabaseTraffic t = new DatabaseTraffic(db, heartbeat, clock);
        try {
            t.connection = t.open();
            try (Statement s = t.connection.createStatement()) {
                for (String ddl : SCHEMA.split(";")) {
                    s.execute(ddl);
                }
            }
            t.connection.setAutoCommit(false);
            for (int i = 0; i < initialRows; i++) {
                t.insert();
            }
            t.connection.commit();
            t.connection.setAutoCommit(true);
        } catch (SQLException e) {
            t.close();
            throw new CallFailedException("prepare Streams' schema on " + db, e);
        }
        heartbeat.beat(clock);
        return t;
    }

    /** Starts writing one order, one event and one heartbeat every {@code every} of real time, until {@link #close()}. */
    DatabaseTraffic start(Duration every) {
        timer.scheduleAtFixedRate(() -> {
            try {
                insert();
                heartbeat.beat(clock);
            } catch (SQLException | RuntimeException e) {
                lastError.set(e);
            }
        }, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password().reveal());
        return DriverManager.getConnection("jdbc:mariadb://" + db.address() + "/" + db.database(), p);
    }

    private void insert() throws SQLException {
        LocalDateTime at = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        long n = rows.incrementAndGet();
        try (PreparedStatement order = connection.prepareStatement("INSERT INTO orders (item, amount_cents, created_at) VALUES (?, ?, ?)");
                PreparedStatement event = connection.prepareStatement("INSERT INTO events (kind, payload, created_at) VALUES (?, ?, ?)")) {
            order.setString(1, "item-" + n % 97);
            order.setInt(2, (int) (n * 37 % 10_000));
            order.setObject(3, at);
            order.executeUpdate();
            event.setString(1, n % 3 == 0 ? "order.paid" : "order.placed");
            event.setString(2, "{\"order\":" + n + "}");
            event.setObject(3, at);
            event.executeUpdate();
        }
    }

    /** Orders written so far (as many events). */
    long rowsWritten() {
        return rows.get();
    }

    /** Stops writing (waits up to 5 s for a write in flight) and closes the connection. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // dropped either way
            }
        }
    }
}
