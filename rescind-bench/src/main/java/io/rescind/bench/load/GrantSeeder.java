package io.rescind.bench.load;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Gives a user many grants at once, straight in the server's database (embedded or external): copies of the grant the user
 * got from a real login (same client, session, scope, epochs), each with a refresh-token row, as the code exchange
 * writes them. 100,000 grants over HTTP would take minutes of code flows; one {@code INSERT ... SELECT} takes seconds,
 * and the revocation under test reads these rows as it reads any others.
 */
final class GrantSeeder {
    private final Jdbc database;

    GrantSeeder(Jdbc database) {
        this.database = database;
    }

    /** Adds grants to the user {@code uid} (who holds one from a login) until they have {@code total}. */
    void seed(String uid, int total) {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            String sub;
            try (var st = c.prepareStatement("SELECT sub FROM users WHERE uid = ?")) {
                st.setString(1, uid);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new LoadException("no user " + uid + " in the database");
                    }
                    sub = rs.getString(1);
                }
            }
            int existing;
            try (var st = c.prepareStatement("SELECT count(*) FROM grants WHERE sub = ?")) {
                st.setString(1, sub);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    existing = rs.getInt(1);
                }
            }
            int missing = total - existing;
            if (missing > 0) {
                copyGrants(c, sub, missing);
            }
            c.commit();
            try (var st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("ANALYZE grants");
                st.execute("ANALYZE refresh_tokens");
            }
        } catch (SQLException e) {
            throw new LoadException("seeding the grants of " + uid + " failed: " + e.getMessage(), e);
        }
    }

    private static void copyGrants(Connection c, String sub, int count) throws SQLException {
        try (var st = c.prepareStatement("""
                WITH model AS (SELECT * FROM grants WHERE sub = ? ORDER BY created_at LIMIT 1),
                copies AS (
                    INSERT INTO grants (grant_id, client_id, sub, sid, scope, audience, auth_time, sub_epoch,
                        client_epoch, generation, created_at, access_expires_at)
                    SELECT 'seed_' || md5(m.sub) || '_' || n, m.client_id, m.sub, m.sid, m.scope, m.audience,
                        m.auth_time, m.sub_epoch, m.client_epoch, 0, m.created_at, m.access_expires_at
                    FROM model m, generate_series(1, ?) AS n
                    RETURNING grant_id, created_at
                )
                INSERT INTO refresh_tokens (token_hash, grant_id, generation, issued_at, expires_at)
                SELECT sha256(convert_to(grant_id, 'UTF8')), grant_id, 0, created_at, created_at + interval '30 days'
                FROM copies
                """)) {
            st.setString(1, sub);
            st.setInt(2, count);
            st.executeUpdate();
        }
    }
}
