package io.rescind.store;

import io.rescind.core.key.SigningKeyStore;
import io.rescind.core.key.StoredSigningKey;
import io.rescind.store.sql.Jdbc;
import java.util.List;

/** Signing keys in PostgreSQL: public JWKs in clear, private JWKs encrypted (DESIGN §3). */
public final class PgSigningKeys implements SigningKeyStore {
    private final Jdbc jdbc;

    public PgSigningKeys(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<StoredSigningKey> all() {
        return jdbc.run(c -> Jdbc.list(
                c,
                "SELECT * FROM signing_keys ORDER BY activates_at, created_at",
                row -> new StoredSigningKey(
                        row.getString("kid"),
                        row.getString("alg"),
                        row.getString("public_jwk"),
                        row.getString("encrypted_private_jwk"),
                        Jdbc.instant(row, "created_at"),
                        Jdbc.instant(row, "activates_at"),
                        Jdbc.optionalInstant(row, "revoked_at"))));
    }

    @Override
    public void insert(StoredSigningKey key) {
        jdbc.inTransaction(c -> {
            PgChangeNotices.publish(c, ChangeTopic.KEYS);
            return Jdbc.update(
                    c,
                    """
                INSERT INTO signing_keys (kid, alg, public_jwk, encrypted_private_jwk, created_at, activates_at, revoked_at)
                VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)
                """,
                    key.kid(),
                    key.alg(),
                    key.publicJwk(),
                    key.encryptedPrivateJwk(),
                    key.createdAt(),
                    key.activatesAt(),
                    key.revokedAt());
        });
    }
}
