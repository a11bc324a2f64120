package io.rescind.store;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.ClientStore;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RegisteredClient;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.SecretHash;
import io.rescind.store.sql.Jdbc;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Registered clients in PostgreSQL. */
public final class PgClients implements ClientStore {
    /** A client with its epoch; a client registered before epochs were kept has none, which is epoch 0. */
    private static final String REGISTERED = """
            SELECT c.*, coalesce(e.epoch, 0) AS client_epoch
            FROM clients c LEFT JOIN client_epochs e ON e.client_id = c.client_id""";

    private final Jdbc jdbc;
    private final Clock clock;

    public PgClients(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Client> find(ClientId id) {
        return jdbc.run(c -> Jdbc.one(c, "SELECT * FROM clients WHERE client_id = ?", PgClients::map, id.value()));
    }

    @Override
    public List<Client> list() {
        return jdbc.run(c -> Jdbc.list(c, "SELECT * FROM clients ORDER BY client_id", PgClients::map));
    }

    @Override
    public List<RegisteredClient> registered() {
        return jdbc.run(c -> Jdbc.list(c, REGISTERED, PgClients::mapRegistered));
    }

    @Override
    public Optional<RegisteredClient> findRegistered(ClientId id) {
        return jdbc.run(c -> Jdbc.one(c, REGISTERED + " WHERE c.client_id = ?", PgClients::mapRegistered, id.value()));
    }

    @Override
    public void save(Client client) {
        jdbc.inTransaction(c -> {
            upsert(c, client, clock.instant());
            return null;
        });
    }

    /** Inserts or updates the client in the caller's transaction (also a revocation's, for an admin change). */
    static void upsert(Connection c, Client client, Instant now) throws SQLException {
        Jdbc.update(
                c,
                """
                INSERT INTO clients (client_id, token_endpoint_auth_method, secret_hash, grant_types, scope,
                    redirect_uris, post_logout_redirect_uris, backchannel_logout_uri, jwks, jwks_uri,
                    id_token_signed_response_alg, access_token_ttl_seconds, refresh_token_ttl_seconds, disabled,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (client_id) DO UPDATE SET
                    token_endpoint_auth_method = EXCLUDED.token_endpoint_auth_method,
                    secret_hash = EXCLUDED.secret_hash,
                    grant_types = EXCLUDED.grant_types,
                    scope = EXCLUDED.scope,
                    redirect_uris = EXCLUDED.redirect_uris,
                    post_logout_redirect_uris = EXCLUDED.post_logout_redirect_uris,
                    backchannel_logout_uri = EXCLUDED.backchannel_logout_uri,
                    jwks = EXCLUDED.jwks,
                    jwks_uri = EXCLUDED.jwks_uri,
                    id_token_signed_response_alg = EXCLUDED.id_token_signed_response_alg,
                    access_token_ttl_seconds = EXCLUDED.access_token_ttl_seconds,
                    refresh_token_ttl_seconds = EXCLUDED.refresh_token_ttl_seconds,
                    disabled = EXCLUDED.disabled,
                    updated_at = EXCLUDED.updated_at
                """,
                client.id().value(),
                client.authMethod().value(),
                client.secretHash().map(SecretHash::encoded),
                client.grantTypes().stream().map(GrantType::value).sorted().toList(),
                client.scope().encode(),
                client.redirectUris(),
                client.postLogoutRedirectUris(),
                client.backchannelLogoutUri().map(URI::toString),
                client.jwks().map(jwks -> jwks.toString(true)),
                client.jwksUri().map(URI::toString),
                client.idTokenSignedResponseAlg().getName(),
                (int) client.accessTokenTtl().toSeconds(),
                (int) client.refreshTokenTtl().toSeconds(),
                client.status() == ClientStatus.DISABLED,
                now,
                now);
        Jdbc.update(
                c,
                "INSERT INTO client_epochs (client_id) VALUES (?) ON CONFLICT DO NOTHING",
                client.id().value());
        PgChangeNotices.publish(c, ChangeTopic.CLIENTS);
    }

    @Override
    public boolean remove(ClientId id) {
        return jdbc.inTransaction(c -> delete(c, id));
    }

    /** Deletes the client in the caller's transaction; its client epoch stays. */
    static boolean delete(Connection c, ClientId id) throws SQLException {
        PgChangeNotices.publish(c, ChangeTopic.CLIENTS);
        return Jdbc.update(c, "DELETE FROM clients WHERE client_id = ?", id.value()) == 1;
    }

    private static RegisteredClient mapRegistered(ResultSet row) throws SQLException {
        return new RegisteredClient(map(row), row.getLong("client_epoch"));
    }

    private static Client map(ResultSet row) throws SQLException {
        try {
            return new Client(
                    new ClientId(row.getString("client_id")),
                    TokenEndpointAuthMethod.fromValue(row.getString("token_endpoint_auth_method"))
                            .orElseThrow(),
                    Jdbc.optionalString(row, "secret_hash").map(SecretHash::new),
                    Jdbc.strings(row, "grant_types").stream()
                            .map(g -> GrantType.fromValue(g).orElseThrow())
                            .collect(Collectors.toSet()),
                    Scope.parse(row.getString("scope")),
                    uris(Jdbc.strings(row, "redirect_uris")),
                    uris(Jdbc.strings(row, "post_logout_redirect_uris")),
                    Jdbc.optionalString(row, "backchannel_logout_uri").map(URI::create),
                    Jdbc.optionalString(row, "jwks").map(PgClients::jwks),
                    Jdbc.optionalString(row, "jwks_uri").map(URI::create),
                    JWSAlgorithm.parse(row.getString("id_token_signed_response_alg")),
                    Duration.ofSeconds(row.getInt("access_token_ttl_seconds")),
                    Duration.ofSeconds(row.getInt("refresh_token_ttl_seconds")),
                    row.getBoolean("disabled") ? ClientStatus.DISABLED : ClientStatus.ACTIVE);
        } catch (RuntimeException e) {
            throw new SQLException("stored client " + row.getString("client_id") + " is invalid: " + e.getMessage(), e);
        }
    }

    private static List<URI> uris(List<String> values) {
        return values.stream().map(URI::create).toList();
    }

    private static JWKSet jwks(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("stored jwks is not a JWK Set", e);
        }
    }
}
