package io.rescind.store.testing;

import io.rescind.core.client.ClientId;
import io.rescind.core.user.Subject;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.PostgresStore;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.sql.RowMapper;
import io.rescind.store.sql.SqlWork;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/** Plain SQL on a store's database, beside the store: to arrange rows the API cannot and to see what it wrote. */
public final class TestSql {
    private final Jdbc jdbc;

    private TestSql(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public static TestSql on(PostgresStore store) {
        return on(store.connectionSettings());
    }

    public static TestSql on(ConnectionSettings settings) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.jdbcUrl());
        dataSource.setUser(settings.user());
        settings.password().ifPresent(dataSource::setPassword);
        return new TestSql(new Jdbc(dataSource));
    }

    public int update(String sql, Object... params) {
        return jdbc.run(c -> Jdbc.update(c, sql, params));
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        return jdbc.run(c -> Jdbc.one(c, sql, mapper, params));
    }

    public long count(String sql, Object... params) {
        return one(sql, row -> row.getLong(1), params).orElseThrow();
    }

    /** The value of a run-time setting, as {@code SHOW} answers it on a new connection. */
    public String show(String setting) {
        return one("SHOW " + setting, row -> row.getString(1)).orElseThrow();
    }

    public <T> T inTransaction(SqlWork<T> work) {
        return jdbc.inTransaction(work);
    }

    /** What a global revocation of the user does to the epochs (DESIGN §2). */
    public void advanceSubjectEpoch(Subject sub) {
        update(
                "INSERT INTO subject_epochs (sub, epoch) VALUES (?, 1)"
                        + " ON CONFLICT (sub) DO UPDATE SET epoch = subject_epochs.epoch + 1",
                sub.value());
    }

    /** What a revocation of the client does to the epochs (DESIGN §2). */
    public void advanceClientEpoch(ClientId clientId) {
        update(
                "INSERT INTO client_epochs (client_id, epoch) VALUES (?, 1)"
                        + " ON CONFLICT (client_id) DO UPDATE SET epoch = client_epochs.epoch + 1",
                clientId.value());
    }
}
