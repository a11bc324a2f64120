package io.rescind.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one row. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
}
