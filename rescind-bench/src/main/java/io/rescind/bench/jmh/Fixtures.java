package io.rescind.bench.jmh;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKeyStore;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.key.StoredSigningKey;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.core.session.SessionId;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.Subject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the benchmarks share: the server's default settings and secrets, its signing keys, a typical access token. */
final class Fixtures {
    static final String ISSUER = "https://rescind.example";
    /** The production defaults: Argon2id cost, key retention. */
    static final ServerSettings SETTINGS = ServerSettings.defaults(URI.create(ISSUER));

    private Fixtures() {}

    static ServerSecrets secrets() {
        return new ServerSecrets(Entropy.bytes(ServerSecrets.ROOT_BYTES));
    }

    /** An ES256 and an RS256 key, made and decrypted as the server does at its first start, kept in memory. */
    static SigningKeys signingKeys(Clock clock) {
        var keys = new SigningKeys(
                new MemoryKeyStore(), new KeyEncryption(secrets().keyEncryptionKey()), clock, SETTINGS.keyRetention());
        keys.ensureKeys();
        return keys;
    }

    /**
     * The claims of an access token from an authorization-code grant, as the token endpoint mints it: a user, a
     * session, the usual OIDC scopes, a role. It lives as long as any may, so a long run never measures an expired
     * token.
     */
    static AccessTokenClaims accessToken(String jti, Subject user, ClientId client, GrantId grant, Epochs epochs) {
        Instant now = Instant.now();
        return new AccessTokenClaims(
                jti,
                new TokenSubject.OfUser(user),
                client,
                List.of(SETTINGS.defaultAudience()),
                Scope.of("openid", "profile", "email", "offline_access"),
                now,
                now.plus(Client.MAX_ACCESS_TOKEN_TTL),
                grant,
                Optional.of(SessionId.random()),
                epochs,
                List.of("reader"),
                Optional.of(now));
    }

    /** The server keeps its keys in PostgreSQL; the benchmarks measure what happens after they are loaded. */
    private static final class MemoryKeyStore implements SigningKeyStore {
        private final List<StoredSigningKey> keys = new CopyOnWriteArrayList<>();

        @Override
        public List<StoredSigningKey> all() {
            return List.copyOf(keys);
        }

        @Override
        public void insert(StoredSigningKey key) {
            keys.add(key);
        }
    }
}
