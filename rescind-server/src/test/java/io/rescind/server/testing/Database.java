package io.rescind.server.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC to the test server's database, for assertions on what the server wrote (the revocation log). */
public final class Database {
    private Database() {}

    /** The rows of a query, each as column name to value. */
    public static List<Map<String, Object>> rows(TestServer server, String sql, Object... parameters) {
        var settings = server.store.connectionSettings();
        try (var connection = DriverManager.getConnection(
                        settings.jdbcUrl(), settings.user(), settings.password().orElse(null));
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            var rows = new ArrayList<Map<String, Object>>();
            try (var result = statement.executeQuery()) {
                var meta = result.getMetaData();
                while (result.next()) {
                    var row = new LinkedHashMap<String, Object>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + sql, e);
        }
    }
}
