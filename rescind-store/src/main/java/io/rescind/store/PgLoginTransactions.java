package io.rescind.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.session.LoginTransaction;
import io.rescind.core.session.LoginTransactionStore;
import io.rescind.store.sql.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Pending login transactions in PostgreSQL, so a login can finish on any node. */
public final class PgLoginTransactions implements LoginTransactionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private final Jdbc jdbc;

    public PgLoginTransactions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(byte[] handleHash, LoginTransaction tx) {
        String request;
        try {
            request = JSON.writeValueAsString(tx.authorizationRequest().values());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.run(c -> Jdbc.update(c, """
                INSERT INTO login_transactions (handle_hash, authorization_request, browser_hash, expires_at)
                VALUES (?, ?::jsonb, ?, ?)
                """, handleHash, request, tx.browserHash(), tx.expiresAt()));
    }

    @Override
    public Optional<LoginTransaction> find(byte[] handleHash, Instant now) {
        return jdbc.run(c -> Jdbc.one(
                c,
                "SELECT * FROM login_transactions WHERE handle_hash = ? AND expires_at > ?",
                PgLoginTransactions::map,
                handleHash,
                now));
    }

    @Override
    public Optional<LoginTransaction> consume(byte[] handleHash, Instant now) {
        return jdbc.run(c -> Jdbc.one(
                c,
                "DELETE FROM login_transactions WHERE handle_hash = ? AND expires_at > ? RETURNING *",
                PgLoginTransactions::map,
                handleHash,
                now));
    }

    private static LoginTransaction map(ResultSet row) throws SQLException {
        try {
            return new LoginTransaction(
                    new FormParameters(JSON.readValue(row.getString("authorization_request"), MAP)),
                    row.getBytes("browser_hash"),
                    Jdbc.instant(row, "expires_at"));
        } catch (JsonProcessingException e) {
            throw new SQLException("stored login transaction is not valid JSON", e);
        }
    }
}
