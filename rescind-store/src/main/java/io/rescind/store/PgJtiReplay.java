package io.rescind.store;

import io.rescind.core.client.JtiReplayStore;
import io.rescind.store.sql.Jdbc;
import java.time.Instant;

/** The single-use {@code jti} store in PostgreSQL, shared by every node. */
public final class PgJtiReplay implements JtiReplayStore {
    private final Jdbc jdbc;

    public PgJtiReplay(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant expiresAt) {
        return jdbc.run(c -> Jdbc.update(
                        c,
                        "INSERT INTO jti_replay (issuer, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        issuer,
                        jti,
                        expiresAt)
                == 1);
    }
}
