package io.rescind.store.sql;

import io.rescind.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin layer over JDBC: transactions, parameter binding and row mapping, with every {@link SQLException} turned
 * into a {@link StoreException}. Parameters are always bound, never concatenated into SQL.
 */
public final class Jdbc {
    /** SQLSTATE of a unique violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);
    private static final String DEADLOCK_DETECTED = "40P01";
    /**
     * Not raised at READ COMMITTED, but nothing here pins the isolation level: a database whose
     * {@code default_transaction_isolation} is stricter aborts transactions with it.
     */
    private static final String SERIALIZATION_FAILURE = "40001";

    private static final int MAX_ATTEMPTS = 3;

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction: committed if it returns, rolled back if it throws. A
     * transaction PostgreSQL aborts as a deadlock victim or a serialization failure is run again (a few times): the
     * work must read what it decides on inside the transaction, as every caller here does. Each retry is logged as a
     * warning: the transactions here take their locks in one order, so a deadlock means one of them broke it.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (StoreException e) {
                if (attempt >= MAX_ATTEMPTS || !(e.getCause() instanceof SQLException sql && isRetryable(sql))) {
                    throw e;
                }
                LOG.warn(
                        "transaction aborted (SQLSTATE {}), running it again ({} of {}): {}",
                        sql.getSQLState(),
                        attempt + 1,
                        MAX_ATTEMPTS,
                        sql.getMessage());
            }
        }
    }

    private <T> T once(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database error (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static boolean isRetryable(SQLException e) {
        return DEADLOCK_DETECTED.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState());
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    public <T> T run(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("database error (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = list(c, sql, mapper, params);
        if (rows.size() > 1) {
            throw new SQLException("expected at most one row, got " + rows.size());
        }
        return rows.stream().findFirst();
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(c, statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(mapper.map(rows));
                }
                return out;
            }
        }
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(c, statement, params);
            return statement.executeUpdate();
        }
    }

    private static void bind(Connection c, PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i] instanceof Optional<?> optional ? optional.orElse(null) : params[i];
            switch (value) {
                case null -> statement.setObject(i + 1, null);
                // PostgreSQL keeps microseconds and would round the rest; truncating keeps a stored time never later
                // than the instant it records (a key activating "now" is active now).
                case Instant instant ->
                    statement.setObject(
                            i + 1, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                case Collection<?> values ->
                    statement.setArray(
                            i + 1,
                            c.createArrayOf(
                                    "text",
                                    values.stream().map(Object::toString).toArray()));
                case byte[] bytes -> statement.setBytes(i + 1, bytes);
                default -> statement.setObject(i + 1, value);
            }
        }
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        if (value == null) {
            throw new SQLException("column " + column + " is null");
        }
        return value.toInstant();
    }

    public static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getTimestamp(column)).map(Timestamp::toInstant);
    }

    public static Optional<String> optionalString(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    public static List<String> strings(ResultSet row, String column) throws SQLException {
        java.sql.Array array = row.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    public static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
