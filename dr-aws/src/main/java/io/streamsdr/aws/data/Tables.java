package io.streamsdr.aws.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a table's shape from information_schema. */
final class Tables {
    private Tables() {
    }

    static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1) > 0;
            }
        }
    }

    /** The columns as {@code name type}, in order. */
    static List<String> columns(Connection c, String schema, String table) throws SQLException {
        return list(c, "SELECT CONCAT(column_name, ' ', column_type) FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                + "ORDER BY ordinal_position", schema, table);
    }

    /** The primary key's columns, in order; empty when it has none. */
    static List<String> primaryKey(Connection c, String schema, String table) throws SQLException {
        return list(c, "SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = ? AND table_name = ? "
                + "AND constraint_name = 'PRIMARY' ORDER BY ordinal_position", schema, table);
    }

    private static List<String> list(Connection c, String sql, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }
}
