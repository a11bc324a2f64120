package io.rescind.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a JDBC connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
