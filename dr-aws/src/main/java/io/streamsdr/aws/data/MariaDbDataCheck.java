package io.streamsdr.aws.data;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.spi.Check;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Evidence from the data of a MariaDB or MySQL database: captured on production just before the
 * disaster, verified on the restored instance after the restore. It runs real SQL on both: the restored
 * database answering the verification's queries is the "restored database answers" check.
 *
 * <pre>{@code
 * MariaDbDataCheck rows = MariaDbDataCheck.builder("rds", production)
 *         .restoredAt(() -> restored)            // the restored instance, once the drill has restored it
 *         .withTable("orders", "created_at")     // row by row; missing rows written after the restore point are loss within the RPO
 *         .withTable("audit")                    // row by row; any missing row fails
 *         .withHeartbeat(heartbeat)              // the table MariaDbHeartbeat writes: the RPO measured from data
 *         .build();
 * DataBaseline before = rows.capture(run);      // just before the disaster
 * }</pre>
 *
 * <p><b>How tables are compared.</b> Each table's shape (its columns and their types, from
 * {@code information_schema}) must be the same. A table with a primary key and at most the row limit of rows
 * (default {@value #DEFAULT_ROW_LIMIT}) is compared <b>row by row by primary key</b>: the baseline keeps, per
 * row, a 60-bit hash of every column's value (MD5 over the columns' hex, computed by the server) and, when
 * the table has a written-at column, when it was written; the restored rows are read the same way, and each
 * missing, extra or changed row is a difference. A bigger table, or one without a primary key, is compared by
 * its row count and an order-insensitive digest (the sum of the row hashes), so a difference fails it
 * without the rows listed. Why this digest and not {@code CHECKSUM TABLE}: CHECKSUM TABLE depends on the
 * storage engine's row format and the server version (a restore into another version may differ with the
 * same rows), it cannot be restricted to some rows, and it cannot say which row differs; the row hash
 * depends on the values only.
 *
 * <p><b>When it fails</b> (the rule of {@link DataCheck}): a table missing or reshaped, a row extra or
 * changed, a row missing that was written at or before the newest heartbeat restored (or whose table has no
 * written-at column, so nothing tells when it was written), no heartbeat restored, or the restored database
 * not answering. A missing row written after the newest heartbeat restored is loss within the RPO.
 *
 * <p>The written-at column must be a {@code DATETIME} or {@code TIMESTAMP} holding UTC, like the heartbeat's.
 * Needs {@code org.mariadb.jdbc:mariadb-java-client}. Immutable.
 */
public final class MariaDbDataCheck implements DataCheck {
    /** The most rows of one table compared row by row, unless {@link Builder#withRowLimit} sets another. */
    public static final int DEFAULT_ROW_LIMIT = 100_000;

    private final String component;
    private final MariaDbConnection production;
    private final Supplier<MariaDbConnection> restored;
    private final Map<String, String> tables;
    private final MariaDbHeartbeat heartbeat;
    private final int rowLimit;

    /** What the baseline keeps of one table to compare it. */
    private record TableBaseline(List<String> columns, List<String> key, String writtenAt, long count, long digest,
            Map<String, Row> rows) {
    }

    /** One row: its content hash and when it was written (null when the table has no written-at column). */
    private record Row(long hash, Instant writtenAt) {
    }

    /** The detail attached to the baseline: per table. */
    private record Captured(Map<String, TableBaseline> byName) {
    }

    private MariaDbDataCheck(Builder b) {
        this.component = b.component;
        this.production = b.production;
        this.restored = b.restored;
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(b.tables));
        this.heartbeat = b.heartbeat;
        this.rowLimit = b.rowLimit;
    }

    /**
     * Starts a check of {@code component} (named as its backup target is, {@code "rds"}) whose production
     * database {@code production} reaches.
     *
     * @throws InvalidConfigurationException when the component is blank or production null
     */
    public static Builder builder(String component, MariaDbConnection production) {
        return new Builder(Check.notBlank("component of the database check", component), Check.notNull("production database", production));
    }

    /** A builder holding every setting of this check. */
    public Builder toBuilder() {
        Builder b = new Builder(component, production);
        b.restored = restored;
        b.tables.putAll(tables);
        b.heartbeat = heartbeat;
        b.rowLimit = rowLimit;
        return b;
    }

    @Override
    public String component() {
        return component;
    }

    /** The tables compared, with their written-at column ("" when none). */
    public Map<String, String> tables() {
        return tables;
    }

    /**
     * Reads production: every table (shape, rows or count and digest) and the newest heartbeat.
     *
     * @throws CallFailedException when production does not answer, a table or the heartbeat table is missing
     *         (naming host:port and the table)
     */
    @Override
    public DataBaseline capture(RunContext ctx) {
        Check.notNull("run context", ctx);
        Instant takenAt = ctx.now();
        try (Connection c = production.open()) {
            Optional<Instant> beat = heartbeat.newest(c, production);
            List<DataBaseline.Item> items = new ArrayList<>();
            Map<String, TableBaseline> detail = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : tables.entrySet()) {
                TableBaseline tb = read(c, production, t.getKey(), t.getValue());
                if (tb == null) {
                    throw new CallFailedException("capture table " + t.getKey() + " of " + production, new SQLException("table "
                            + production.database() + "." + t.getKey() + " does not exist on " + production.address()
                            + ": expected the tables given to withTable(...)"));
                }
                detail.put(t.getKey(), tb);
                items.add(new DataBaseline.Item(t.getKey(), tb.count(), Long.toHexString(tb.digest())));
            }
            return DataBaseline.of(component, "rows", takenAt, items, beat).withDetail(new Captured(Collections.unmodifiableMap(detail)));
        } catch (SQLException e) {
            throw production.failed("capture " + production, e);
        }
    }

    /**
     * Reads the restored database (where {@link Builder#restoredAt} says) and compares it with {@code before}.
     *
     * @throws InvalidConfigurationException when {@code before} was not captured by a database check
     * @throws CallFailedException when the restored database does not answer
     */
    @Override
    public DataEvidence verify(RunContext ctx, DataBaseline before) {
        Check.notNull("data baseline", before);
        Captured captured = before.detail(Captured.class).orElseThrow(() -> new InvalidConfigurationException("data baseline of '" + component
                + "'", "was not captured by a database check: pass what capture(ctx) returned"));
        MariaDbConnection where = Check.notNull("restored database of '" + component + "'", restored.get());
        DataEvidence.Builder e = DataEvidence.against(before);
        try (Connection c = where.open()) {
            try {
                heartbeat.newest(c, where).ifPresent(e::restoredHeartbeat);
            } catch (CallFailedException missing) {
                e.difference(DataEvidence.Kind.MISSING, where.database() + "." + heartbeat.table(), "heartbeat table missing on "
                        + where.address() + ": expected the table MariaDbHeartbeat writes", false);
            }
            for (Map.Entry<String, TableBaseline> t : captured.byName().entrySet()) {
                compare(c, where, t.getKey(), t.getValue(), e);
            }
        } catch (SQLException x) {
            throw where.failed("verify " + where, x);
        }
        return e.build();
    }

    private void compare(Connection c, MariaDbConnection where, String table, TableBaseline was, DataEvidence.Builder e) throws SQLException {
        String item = where.database() + "." + table;
        if (!Tables.exists(c, where.database(), table)) {
            e.difference(DataEvidence.Kind.MISSING, item, "table missing on " + where.address() + " (it had " + count(was.count())
                    + " rows at the disaster)", false);
            return;
        }
        List<String> columns = Tables.columns(c, where.database(), table);
        if (!columns.equals(was.columns())) {
            e.difference(DataEvidence.Kind.CHANGED, item, "shape changed: expected (" + String.join(", ", was.columns()) + "), found ("
                    + String.join(", ", columns) + ")", false);
            return;
        }
        if (was.rows() == null) {
            long[] agg = aggregate(c, table, columns);
            e.compared(agg[0]);
            if (agg[0] != was.count() || agg[1] != was.digest()) {
                e.difference(DataEvidence.Kind.CHANGED, item, count(was.count()) + " rows with digest " + Long.toHexString(was.digest())
                        + " at the disaster, " + count(agg[0]) + " restored with digest " + Long.toHexString(agg[1]) + " (compared by digest: "
                        + (was.key().isEmpty() ? "no primary key" : "more than " + count(rowLimit) + " rows") + ", so rows are not listed)", false);
            }
            return;
        }
        Map<String, Row> now = rows(c, table, columns, was.key(), was.writtenAt(), Long.MAX_VALUE);
        e.compared(now.size());
        for (Map.Entry<String, Row> r : was.rows().entrySet()) {
            Row after = now.get(r.getKey());
            String key = keyText(was.key(), r.getKey());
            if (after == null) {
                Instant at = r.getValue().writtenAt();
                e.difference(DataEvidence.Kind.MISSING, item, key + (at == null ? "" : ", written " + at), e.afterRestorePoint(at));
            } else if (after.hash() != r.getValue().hash()) {
                e.difference(DataEvidence.Kind.CHANGED, item, key + ": its content differs", false);
            }
        }
        for (String k : now.keySet()) {
            if (!was.rows().containsKey(k)) {
                e.difference(DataEvidence.Kind.EXTRA, item, keyText(was.key(), k) + ": not there at the disaster", false);
            }
        }
    }

    private static String keyText(List<String> key, String value) {
        return String.join(",", key) + " " + value;
    }

    private TableBaseline read(Connection c, MariaDbConnection where, String table, String writtenAt) throws SQLException {
        if (!Tables.exists(c, where.database(), table)) {
            return null;
        }
        List<String> columns = Tables.columns(c, where.database(), table);
        List<String> key = Tables.primaryKey(c, where.database(), table);
        if (!writtenAt.isEmpty() && columns.stream().noneMatch(col -> col.startsWith(writtenAt + " "))) {
            throw new CallFailedException("capture table " + table + " of " + where, new SQLException("table " + where.database() + "." + table
                    + " has no column " + writtenAt + " (columns: " + String.join(", ", columns) + "): expected the written-at column given to withTable"));
        }
        long[] agg = aggregate(c, table, columns);
        Map<String, Row> rows = null;
        if (!key.isEmpty() && agg[0] <= rowLimit) {
            rows = Collections.unmodifiableMap(rows(c, table, columns, key, writtenAt, rowLimit));
        }
        return new TableBaseline(columns, key, writtenAt, agg[0], agg[1], rows);
    }

    /** The row hash: 60 bits of the MD5 of every column's hex (NULL as 'N', which hex never is). */
    private static String rowHash(List<String> columns) {
        return "CONV(SUBSTRING(MD5(CONCAT_WS('|', " + columns.stream().map(col -> "IFNULL(HEX(`" + col.substring(0, col.indexOf(' '))
                .replace("`", "``") + "`), 'N')").collect(Collectors.joining(", ")) + ")), 1, 15), 16, 10)";
    }

    private static long[] aggregate(Connection c, String table, List<String> columns) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(" + rowHash(columns) + "), 0) FROM `" + table + "`")) {
            r.next();
            return new long[] {r.getLong(1), r.getBigDecimal(2).longValue()};
        }
    }

    private static Map<String, Row> rows(Connection c, String table, List<String> columns, List<String> key, String writtenAt, long limit)
            throws SQLException {
        String keyExpr = key.size() == 1 ? "`" + key.get(0) + "`" : "CONCAT_WS(',', " + key.stream().map(k -> "`" + k + "`")
                .collect(Collectors.joining(", ")) + ")";
        String sql = "SELECT " + keyExpr + ", " + rowHash(columns) + (writtenAt.isEmpty() ? "" : ", `" + writtenAt + "`") + " FROM `" + table + "`";
        Map<String, Row> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.setFetchSize(1_000);
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next() && out.size() <= limit) {
                    Timestamp at = writtenAt.isEmpty() ? null : r.getTimestamp(3);
                    out.put(r.getString(1), new Row(r.getLong(2), at == null ? null : Timestamps.fromDb(at)));
                }
            }
        }
        return out;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    @Override
    public String toString() {
        return "MariaDbDataCheck[" + component + ": " + tables.keySet() + " of " + production + ", heartbeat " + heartbeat.table() + "]";
    }

    /** Builds a {@link MariaDbDataCheck}. Not thread-safe. */
    public static final class Builder {
        private final String component;
        private final MariaDbConnection production;
        private Supplier<MariaDbConnection> restored;
        private final Map<String, String> tables = new LinkedHashMap<>();
        private MariaDbHeartbeat heartbeat;
        private int rowLimit = DEFAULT_ROW_LIMIT;

        private Builder(String component, MariaDbConnection production) {
            this.component = component;
            this.production = production;
        }

        /**
         * Where the restored database is, asked when the check verifies (after the restore, when its endpoint is
         * known): usually {@code () -> production.withEndpoint(host, port)}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder restoredAt(Supplier<MariaDbConnection> restored) {
            this.restored = Check.notNull("restored database of '" + component + "'", restored);
            return this;
        }

        /**
         * A table compared with no written-at column: any row missing on the restored side fails the check,
         * since nothing tells whether it was written after the restore point.
         *
         * @throws InvalidConfigurationException when the name is not 1 to 64 letters, digits, '_' or '$', or given twice
         */
        public Builder withTable(String table) {
            return table(table, "");
        }

        /**
         * A table whose column {@code writtenAt} says when each row was written (UTC): a missing row written after
         * the newest heartbeat restored is loss within the RPO, an older one fails the check.
         *
         * @throws InvalidConfigurationException when a name is not 1 to 64 letters, digits, '_' or '$', or the table is given twice
         */
        public Builder withTable(String table, String writtenAt) {
            return table(table, MariaDbConnection.name("written-at column", writtenAt));
        }

        private Builder table(String table, String writtenAt) {
            MariaDbConnection.name("table", table);
            if (tables.containsKey(table)) {
                throw new InvalidConfigurationException("table '" + table + "' of '" + component + "'", "must be given once");
            }
            tables.put(table, writtenAt);
            return this;
        }

        /**
         * The heartbeat table to read (the table of {@code heartbeat}; its connection is not used); default
         * {@code MariaDbHeartbeat.on(production)}, table {@value MariaDbHeartbeat#DEFAULT_TABLE}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withHeartbeat(MariaDbHeartbeat heartbeat) {
            this.heartbeat = Check.notNull("heartbeat of '" + component + "'", heartbeat);
            return this;
        }

        /**
         * The most rows of one table compared row by row (the baseline holds about 100 bytes per row); a bigger
         * table is compared by count and digest. Default {@value #DEFAULT_ROW_LIMIT}.
         *
         * @throws InvalidConfigurationException when below 1
         */
        public Builder withRowLimit(int rowLimit) {
            if (rowLimit < 1) {
                throw new InvalidConfigurationException("row limit of '" + component + "'", "must be at least 1, was " + rowLimit);
            }
            this.rowLimit = rowLimit;
            return this;
        }

        /**
         * The check.
         *
         * @throws InvalidConfigurationException when no table was given, or no {@link #restoredAt} (the fix is in the message)
         */
        public MariaDbDataCheck build() {
            if (tables.isEmpty()) {
                throw new InvalidConfigurationException("tables of '" + component + "'", "must name at least one: add withTable(\"orders\")");
            }
            if (restored == null) {
                throw new InvalidConfigurationException("restored database of '" + component + "'", "must be given: add restoredAt(() -> "
                        + "production.withEndpoint(restoredHost, port))");
            }
            if (heartbeat == null) {
                heartbeat = MariaDbHeartbeat.on(production);
            }
            return new MariaDbDataCheck(this);
        }
    }
}
