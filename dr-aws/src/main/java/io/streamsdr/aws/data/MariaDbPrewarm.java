package io.streamsdr.aws.data;

import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.spi.Durations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optional step after an RDS snapshot restore (or a pre-staged instance's start) that reads chosen tables in full
 * over JDBC, so that the blocks of the restored volume, which RDS loads lazily from S3 on first access, are loaded
 * before the application's first queries. "Available" and "warm" are two different times, and the step reports both:
 * it starts when the instance is available (right after the step that publishes its endpoint) and publishes
 * {@link #availableAt()} ({@code <id>.available-at}, the run's time when it began reading), {@link #warmAt()}
 * ({@code <id>.warm-at}, when the last table was read) and {@link #rowsRead()} ({@code <id>.rows}); its own step time
 * in the plan report is the time warming took, apart from the restore's.
 *
 * <p>What it reads: {@code SELECT *} of each table, every row streamed through and discarded (the table's clustered
 * index, that is its data; secondary indexes are not read). It only reads. It does not make the instance available
 * sooner, and it is not needed for correctness: leave it out and the first queries pay the lazy loading instead.
 * Failed reads surface as {@link CallFailedException} naming the server and the table, never the password.
 *
 * <pre>{@code
 * MariaDbPrewarm prewarm = MariaDbPrewarm.builder(production)        // database, user, password; host and port from the restore
 *         .after(restore.fragment(), restore.endpointAddress(), restore.endpointPort())
 *         .withTable("orders").withTable("audit")
 *         .build();
 * RestorePlan plan = RestorePlan.builder("failover")
 *         .withFragment(restore.fragment())
 *         .withFragment(prewarm.fragment())                           // step "rds-prewarm", after "rds-restore"
 *         .build();
 * }</pre>
 */
public final class MariaDbPrewarm {
    /** The default id of the step and the prefix of its outputs. */
    public static final String DEFAULT_ID = "rds-prewarm";
    private static final int FETCH_SIZE = 1_000;

    private final MariaDbConnection credentials;
    private final PlanFragment after;
    private final StepOutput<String> address;
    private final StepOutput<Integer> port;
    private final String id;
    private final List<String> tables;
    private final StepOutput<Instant> availableAt;
    private final StepOutput<Instant> warmAt;
    private final StepOutput<Long> rowsRead;
    private final PlanFragment fragment;

    private MariaDbPrewarm(Builder b) {
        this.credentials = b.credentials;
        this.after = b.after;
        this.address = b.address;
        this.port = b.port;
        this.id = b.id;
        this.tables = List.copyOf(b.tables);
        this.availableAt = StepOutput.instant(id + ".available-at");
        this.warmAt = StepOutput.instant(id + ".warm-at");
        this.rowsRead = StepOutput.longValue(id + ".rows");
        this.fragment = PlanFragment.of(Step.named(id).withDescription(description()).consumes(address, port)
                .publishes(availableAt, warmAt, rowsRead).withAction(this::run)).dependsOn(after);
    }

    /**
     * Starts a prewarm.
     *
     * @param credentials the database, user and password to read with (its host and port are replaced by the restored
     *                    instance's, read from the outputs given to {@link Builder#after})
     * @throws InvalidConfigurationException when null
     */
    public static Builder builder(MariaDbConnection credentials) {
        return new Builder(AwsRules.notNull("prewarm connection", credentials));
    }

    /** A builder holding this prewarm's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The id of the step; its outputs are named after it. */
    public String id() {
        return id;
    }

    /** The tables read, in order. */
    public List<String> tables() {
        return tables;
    }

    /** The output with the run's time when the instance was available and reading began: {@code <id>.available-at}. */
    public StepOutput<Instant> availableAt() {
        return availableAt;
    }

    /** The output with the run's time when every table had been read: {@code <id>.warm-at}. */
    public StepOutput<Instant> warmAt() {
        return warmAt;
    }

    /** The output with the number of rows read: {@code <id>.rows}. */
    public StepOutput<Long> rowsRead() {
        return rowsRead;
    }

    /** What the step does, in words. */
    public String description() {
        return "prewarm: read tables " + tables + " of database " + credentials.database() + " in full on the instance '" + address.name()
                + "' names, so its lazily loaded volume is warm";
    }

    /** The step, depending on the fragment given to {@link Builder#after}. */
    public PlanFragment fragment() {
        return fragment;
    }

    private void run(StepContext ctx) {
        Instant start = ctx.now();
        MariaDbConnection at = credentials.withEndpoint(ctx.input(address), ctx.input(port));
        long total = 0;
        Map<String, Long> perTable = new LinkedHashMap<>();
        try (Connection c = at.open()) {
            for (String table : tables) {
                if (ctx.isCancelled()) {
                    break;
                }
                long rows = read(c, at, table);
                perTable.put(table, rows);
                total += rows;
                ctx.progress("prewarm: " + table + " read, " + rows + " rows");
            }
        } catch (SQLException e) {
            throw at.failed("close the prewarm connection to " + at, e);
        }
        Instant end = ctx.now();
        ctx.publish(availableAt, start);
        ctx.publish(warmAt, end);
        ctx.publish(rowsRead, total);
        ctx.progress("warm after " + Durations.format(Duration.between(start, end)) + ": " + total + " rows of " + perTable.size()
                + " tables read (available " + start + ", warm " + end + ")");
    }

    private long read(Connection c, MariaDbConnection at, String table) {
        String call = "read table " + table + " in full on " + at;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_SIZE);
            long rows = 0;
            try (ResultSet r = s.executeQuery("SELECT * FROM `" + table + "`")) {
                while (r.next()) {
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw at.failed(call, e);
        }
    }

    @Override
    public String toString() {
        return "MariaDbPrewarm[" + id + ": " + description() + "]";
    }

    /** Builds a {@link MariaDbPrewarm}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final MariaDbConnection credentials;
        private PlanFragment after;
        private StepOutput<String> address;
        private StepOutput<Integer> port;
        private String id = DEFAULT_ID;
        private final Set<String> tables = new LinkedHashSet<>();

        private Builder(MariaDbConnection credentials) {
            this.credentials = credentials;
        }

        private Builder(MariaDbPrewarm p) {
            this(p.credentials);
            this.after = p.after;
            this.address = p.address;
            this.port = p.port;
            this.id = p.id;
            this.tables.addAll(p.tables);
        }

        /**
         * The restore (or pre-staged start, or promotion) this warms, and its outputs with the instance's address and
         * port ({@code restore.fragment(), restore.endpointAddress(), restore.endpointPort()}). Required.
         *
         * @throws InvalidConfigurationException when any is null, or the fragment does not publish both outputs
         */
        public Builder after(PlanFragment restore, StepOutput<String> address, StepOutput<Integer> port) {
            AwsRules.notNull("prewarm's restore fragment", restore);
            AwsRules.notNull("prewarm's endpoint address output", address);
            AwsRules.notNull("prewarm's endpoint port output", port);
            for (StepOutput<?> o : List.of(address, port)) {
                if (!restore.outputs().contains(o)) {
                    throw new InvalidConfigurationException("prewarm's output '" + o.name() + "'",
                            "must be published by fragment '" + restore.id() + "' (it publishes "
                                    + restore.outputs().stream().map(StepOutput::name).sorted().toList() + ")");
                }
            }
            this.after = restore;
            this.address = address;
            this.port = port;
            return this;
        }

        /**
         * The id of the step; default {@value MariaDbPrewarm#DEFAULT_ID}.
         *
         * @throws InvalidConfigurationException when it breaks the id rule
         */
        public Builder withId(String id) {
            this.id = AwsRules.stepId("prewarm id", id);
            return this;
        }

        /**
         * A table of the connection's database to read in full; tables are read in the order given.
         *
         * @throws InvalidConfigurationException when it is not 1 to 64 letters, digits, '_' or '$', or given twice
         */
        public Builder withTable(String table) {
            MariaDbConnection.name("prewarm table", table);
            if (!tables.add(table)) {
                throw new InvalidConfigurationException("prewarm table '" + table + "'", "must be given once");
            }
            return this;
        }

        /**
         * The prewarm.
         *
         * @throws InvalidConfigurationException when no restore was given with {@link #after}, or no table
         */
        public MariaDbPrewarm build() {
            if (after == null) {
                throw new InvalidConfigurationException("prewarm's restore",
                        "must be given: call after(restore.fragment(), restore.endpointAddress(), restore.endpointPort())");
            }
            if (tables.isEmpty()) {
                throw new InvalidConfigurationException("prewarm tables", "must name at least one table: call withTable(..)");
            }
            return new MariaDbPrewarm(this);
        }
    }
}
