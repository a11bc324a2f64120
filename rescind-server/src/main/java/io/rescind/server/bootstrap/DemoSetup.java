package io.rescind.server.bootstrap;

import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RedirectUris;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.GeneratedSecret;
import io.rescind.core.secret.SecretFiles;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.user.Email;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.store.PostgresStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The first start with an empty store and no config file: a demo confidential client and a demo user with random
 * secrets, written to a 0600 file in the data folder (the secrets are never printed or logged).
 */
public final class DemoSetup {
    public static final String CLIENT_ID = "demo-client";
    public static final String USERNAME = "demo";
    public static final String REDIRECT_URI = "http://localhost:8765/callback";
    public static final String FILE_NAME = "demo-credentials.env";

    private DemoSetup() {}

    /** Creates the demo entries when the store has no client and no user; answers the credentials file if it did. */
    public static Optional<Path> createIfEmpty(PostgresStore store, SecretHashing hashing, Path dataDir) {
        if (!store.clients().list().isEmpty() || !store.users().list().isEmpty()) {
            return Optional.empty();
        }
        String clientSecret = GeneratedSecret.newClientSecret();
        String password = Entropy.base64url(18);
        store.clients()
                .save(new ClientBuilder(new ClientId(CLIENT_ID))
                        .secretHash(Optional.of(hashing.hashClientSecret(clientSecret)))
                        .grantTypes(EnumSet.of(
                                GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS))
                        .scope(Scope.of("openid", "profile", "email", "phone", "offline_access", "api"))
                        .redirectUris(List.of(RedirectUris.parseRegistered(REDIRECT_URI)))
                        .build());
        store.users()
                .save(new User(
                        Subject.random(),
                        new Uid(USERNAME),
                        Optional.of(new Email("demo@example.com")),
                        Optional.empty(),
                        Optional.of("Demo User"),
                        List.of("demo"),
                        hashing.hashPassword(password),
                        UserStatus.ACTIVE));
        Path file = dataDir.resolve(FILE_NAME);
        SecretFiles.write(file, """
                # Rescind demo credentials (created at the first start). Load them with: . %s
                client_id=%s
                client_secret=%s
                redirect_uri=%s
                username=%s
                password=%s
                """.formatted(file, CLIENT_ID, clientSecret, REDIRECT_URI, USERNAME, password));
        return Optional.of(file);
    }
}
