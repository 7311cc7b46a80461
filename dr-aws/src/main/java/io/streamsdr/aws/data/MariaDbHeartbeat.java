package io.streamsdr.aws.data;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.spi.Check;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The heartbeat of a database: a small table that production writes one row into per interval, so that
 * after a restore the newest row that came back says, from the data itself, up to when the restored
 * database holds what production wrote: the RPO measured from data.
 *
 * <pre>{@code
 * MariaDbHeartbeat heartbeat = MariaDbHeartbeat.on(production).withInterval(Duration.ofSeconds(10)).withRetention(Duration.ofDays(2));
 * MariaDbHeartbeat.Writer writer = heartbeat.start(poller);   // a daemon thread: one row every 10 s until writer.stop()
 * Instant beat = heartbeat.beat(clock);                       // or one beat per call, from cron
 * }</pre>
 *
 * <p>The table ({@value #DEFAULT_TABLE} unless named) is created if missing:
 * {@code (id BIGINT AUTO_INCREMENT PRIMARY KEY, beat_at DATETIME(6) NOT NULL, writer VARCHAR(64) NOT NULL, KEY (beat_at))}.
 * Each beat inserts the writer's time (its clock's, not the server's, so that virtual time works and the
 * server's clock skew does not matter) and deletes the rows older than the retention: the table holds at
 * most {@code retention / interval} rows (8,640 a day at 10 s, about 600 KB in InnoDB). Immutable.
 */
public final class MariaDbHeartbeat {
    /** The table's name unless {@link #withTable} names another. */
    public static final String DEFAULT_TABLE = "streamsdr_heartbeat";

    private final MariaDbConnection connection;
    private final String table;
    private final Duration interval;
    private final Duration retention;
    private final String writer;

    private MariaDbHeartbeat(MariaDbConnection connection, String table, Duration interval, Duration retention, String writer) {
        this.connection = connection;
        this.table = table;
        this.interval = interval;
        this.retention = retention;
        this.writer = writer;
    }

    /**
     * The heartbeat of the database {@code production} reaches: table {@value #DEFAULT_TABLE}, one beat every 10
     * seconds, one day kept, writer {@code streams-dr}.
     *
     * @throws InvalidConfigurationException when null
     */
    public static MariaDbHeartbeat on(MariaDbConnection production) {
        return new MariaDbHeartbeat(Check.notNull("heartbeat connection", production), DEFAULT_TABLE, Duration.ofSeconds(10),
                Duration.ofDays(1), "streams-dr");
    }

    /**
     * Another table.
     *
     * @throws InvalidConfigurationException when not 1 to 64 letters, digits, '_' or '$'
     */
    public MariaDbHeartbeat withTable(String table) {
        return new MariaDbHeartbeat(connection, MariaDbConnection.name("heartbeat table", table), interval, retention, writer);
    }

    /**
     * How often the writer beats; default 10 seconds. The RPO measured from data is accurate to one interval.
     *
     * @throws InvalidConfigurationException when not positive
     */
    public MariaDbHeartbeat withInterval(Duration interval) {
        return new MariaDbHeartbeat(connection, table, Check.positive("heartbeat interval", interval), retention, writer);
    }

    /**
     * How long rows are kept; default one day. Keep it longer than the oldest backup you would restore, so a
     * restore of it still finds a heartbeat.
     *
     * @throws InvalidConfigurationException when not at least one interval
     */
    public MariaDbHeartbeat withRetention(Duration retention) {
        Check.positive("heartbeat retention", retention);
        if (retention.compareTo(interval) < 0) {
            throw new InvalidConfigurationException("heartbeat retention", "must be at least the interval (" + interval + "), was " + retention);
        }
        return new MariaDbHeartbeat(connection, table, interval, retention, writer);
    }

    /**
     * The writer's name in each row (a host, a pod); default {@code streams-dr}.
     *
     * @throws InvalidConfigurationException when blank or longer than 64 characters
     */
    public MariaDbHeartbeat withWriter(String writer) {
        Check.notBlank("heartbeat writer", writer);
        if (writer.length() > 64) {
            throw new InvalidConfigurationException("heartbeat writer", "must be at most 64 characters, was " + writer.length());
        }
        return new MariaDbHeartbeat(connection, table, interval, retention, writer);
    }

    /** The table. */
    public String table() {
        return table;
    }

    /** How often the writer beats. */
    public Duration interval() {
        return interval;
    }

    /** How long rows are kept. */
    public Duration retention() {
        return retention;
    }

    /** The most rows the table holds: retention / interval. */
    public long maxRows() {
        return retention.toMillis() / interval.toMillis() + 1;
    }

    /**
     * One beat, for a cron job or a test: creates the table if missing, inserts the clock's now, deletes rows
     * older than the retention.
     *
     * @return the time written (microseconds, as the column keeps it)
     * @throws InvalidConfigurationException when the clock is null or the driver is missing
     * @throws CallFailedException when the database refuses or cannot be reached (naming host:port and the table)
     */
    public Instant beat(Clock clock) {
        Check.notNull("heartbeat clock", clock);
        try (Connection c = connection.open()) {
            return beat(c, clock.instant(), true);
        } catch (SQLException e) {
            throw connection.failed("close " + connection, e);
        }
    }

    private Instant beat(Connection c, Instant now, boolean create) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        String call = "write a heartbeat into table " + table + " of " + connection;
        try {
            if (create) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS `" + table + "` (id BIGINT AUTO_INCREMENT PRIMARY KEY, beat_at DATETIME(6) NOT NULL, "
                            + "writer VARCHAR(64) NOT NULL, KEY (beat_at)) ENGINE=InnoDB");
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO `" + table + "` (beat_at, writer) VALUES (?, ?)")) {
                insert.setObject(1, Timestamps.toDb(at));
                insert.setString(2, writer);
                insert.executeUpdate();
            }
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM `" + table + "` WHERE beat_at < ?")) {
                prune.setObject(1, Timestamps.toDb(at.minus(retention)));
                prune.executeUpdate();
            }
            return at;
        } catch (SQLException e) {
            throw connection.failed(call, e);
        }
    }

    /**
     * The newest heartbeat in the database {@code where} reaches (the restored instance); empty when the table
     * is empty.
     *
     * @throws InvalidConfigurationException when {@code where} is null or the driver is missing
     * @throws CallFailedException when the table is missing ("heartbeat table ... does not exist"), or the
     *         database refuses or cannot be reached
     */
    public Optional<Instant> newest(MariaDbConnection where) {
        Check.notNull("connection to read the heartbeat from", where);
        try (Connection c = where.open()) {
            return newest(c, where);
        } catch (SQLException e) {
            throw where.failed("close " + where, e);
        }
    }

    Optional<Instant> newest(Connection c, MariaDbConnection where) {
        String call = "read the newest heartbeat of table " + table + " of " + where;
        try {
            if (!Tables.exists(c, where.database(), table)) {
                throw new CallFailedException(call, new SQLException("heartbeat table " + where.database() + "." + table + " does not exist on "
                        + where.address() + ": expected the table MariaDbHeartbeat writes (one row per " + interval + ")"));
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(beat_at) FROM `" + table + "`")) {
                r.next();
                Timestamp t = r.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamps::fromDb);
            }
        } catch (SQLException e) {
            throw where.failed(call, e);
        }
    }

    /**
     * Starts beating on a daemon thread, one beat per interval on {@code poller}'s clock and sleeper
     * ({@code Poller.system()} in production), until {@link Writer#stop()}. A beat that fails is kept as
     * {@link Writer#lastError()} and the writer goes on (it reconnects): a heartbeat must not stop because the
     * database restarted.
     *
     * @throws InvalidConfigurationException when the poller is null or the driver is missing
     */
    public Writer start(Poller poller) {
        Check.notNull("heartbeat poller", poller);
        MariaDbConnection.requireDriver(MariaDbHeartbeat.class.getClassLoader());
        Writer w = new Writer(poller);
        w.thread.start();
        return w;
    }

    @Override
    public String toString() {
        return "MariaDbHeartbeat[" + table + " of " + connection + ", every " + interval + ", kept " + retention + "]";
    }

    /** A running heartbeat writer. Thread-safe. */
    public final class Writer implements AutoCloseable {
        private final Poller poller;
        private final Thread thread;
        private final AtomicLong beats = new AtomicLong();
        private final AtomicReference<Instant> last = new AtomicReference<>();
        private final AtomicReference<RuntimeException> lastError = new AtomicReference<>();
        private volatile boolean stopped;

        private Writer(Poller poller) {
            this.poller = poller;
            this.thread = new Thread(this::loop, "heartbeat-" + table);
            this.thread.setDaemon(true);
        }

        private void loop() {
            Connection c = null;
            boolean created = false;
            while (!stopped) {
                try {
                    if (c == null) {
                        c = connection.open();
                    }
                    last.set(beat(c, poller.clock().instant(), !created));
                    created = true;
                    beats.incrementAndGet();
                } catch (RuntimeException e) {
                    lastError.set(e);
                    close(c);
                    c = null;
                }
                if (stopped) {
                    break;
                }
                try {
                    poller.sleep(interval);
                } catch (RuntimeException e) {
                    break; // interrupted by stop()
                }
            }
            close(c);
        }

        private void close(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // the connection is dropped either way
                }
            }
        }

        /** Beats written so far. */
        public long beats() {
            return beats.get();
        }

        /** The time of the newest beat written. */
        public Optional<Instant> lastBeat() {
            return Optional.ofNullable(last.get());
        }

        /** Why the last failed beat failed, if one did. */
        public Optional<RuntimeException> lastError() {
            return Optional.ofNullable(lastError.get());
        }

        /** Stops beating and waits (up to 30 s of real time) for the thread to end. Idempotent. */
        public void stop() {
            stopped = true;
            thread.interrupt();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** {@link #stop()}. */
        @Override
        public void close() {
            stop();
        }
    }
}
