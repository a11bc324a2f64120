package io.rescind.server.bootstrap;

import io.rescind.core.admin.ClientAdministration;
import io.rescind.core.admin.OperatorRevocation;
import io.rescind.core.admin.UserAdministration;
import io.rescind.core.authorize.Authorizer;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.client.ClientCache;
import io.rescind.core.directory.UserDirectory;
import io.rescind.core.feature.Features;
import io.rescind.core.grant.TokenService;
import io.rescind.core.introspection.Introspection;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.logout.BackChannelDelivery;
import io.rescind.core.logout.BackChannelRetryPolicy;
import io.rescind.core.logout.Logout;
import io.rescind.core.logout.LogoutConfirmations;
import io.rescind.core.logout.LogoutTokens;
import io.rescind.core.protocol.RateLimiter;
import io.rescind.core.revocation.AccessTokenRevocation;
import io.rescind.core.revocation.AuditLog;
import io.rescind.core.revocation.RevocationCallers;
import io.rescind.core.revocation.RevocationCatchUp;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.core.revocation.TokenRevocation;
import io.rescind.core.revocation.UserRevocation;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.core.session.LoginTransactions;
import io.rescind.core.session.PasswordLogin;
import io.rescind.core.session.Sessions;
import io.rescind.core.settings.Endpoints;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.AccessTokenValidator;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.IdTokens;
import io.rescind.core.token.JwtSigner;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.token.VerifiedAccessTokens;
import io.rescind.core.userinfo.UserInfo;
import io.rescind.server.http.Cors;
import io.rescind.server.logout.BackChannelSender;
import io.rescind.server.logout.BackChannelWorker;
import io.rescind.server.outbound.ClientKeysResolver;
import io.rescind.server.outbound.OutboundPolicy;
import io.rescind.server.outbound.SafeFetcher;
import io.rescind.store.ChangeTopic;
import io.rescind.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Every service of a running server, wired by explicit constructors (no injection framework). The reloadable state
 * (keys, features, clients, CORS origins, revocations) is created empty; {@link #load()} fills it.
 */
record Services(
        ServerSettings settings,
        PostgresStore store,
        Clock clock,
        SigningKeys keys,
        RevocationState revocations,
        RevocationCatchUp catchUp,
        StalenessBound staleness,
        Features features,
        Cors cors,
        ClientCache clientCache,
        ClientAuthenticator clients,
        AccessTokenValidator accessTokens,
        TokenService tokens,
        Authorizer authorizer,
        Sessions sessions,
        LoginTransactions loginTransactions,
        PasswordLogin passwords,
        Introspection introspection,
        UserInfo userInfo,
        RevocationServices revocation,
        LogoutServices logout,
        AdminServices admin) {

    /** What the admin API works with: the administrations with their cascades, the operator's revocations, audit. */
    record AdminServices(
            UserAdministration users, ClientAdministration clients, OperatorRevocation revocations, AuditLog audit) {

        static AdminServices wire(
                ServerSettings settings,
                PostgresStore store,
                SigningKeys keys,
                OpaqueTokens opaque,
                Revocations revocations,
                Runnable clientsChanged,
                Clock clock) {
            return new AdminServices(
                    new UserAdministration(store.users(), revocations, settings.revocation()),
                    new ClientAdministration(store.clients(), revocations, settings.revocation(), clientsChanged),
                    new OperatorRevocation(
                            keys,
                            store.grants(),
                            opaque,
                            new UserDirectory(store.users()),
                            store.clients(),
                            revocations,
                            clock),
                    store.audit());
        }
    }

    /** The revocation interfaces (DESIGN §1) and what they share. */
    record RevocationServices(
            Revocations revocations,
            TokenRevocation tokens,
            AccessTokenRevocation accessTokens,
            UserRevocation users,
            RevocationCallers callers,
            RateLimiter perCaller,
            RateLimiter perAddress) {

        static RevocationServices wire(
                ServerSettings settings,
                PostgresStore store,
                SigningKeys keys,
                RevocationState state,
                OpaqueTokens opaque,
                ClientAuthenticator clients,
                AccessTokenValidator validator,
                JwtVerifier liveAccessTokens,
                Runnable noticesQueued,
                Clock clock) {
            String issuer = settings.issuer().toString();
            var revocations = new Revocations(store.revocations(), state, clock, noticesQueued);
            var anyAge = new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, issuer, clock, JwtVerifier.Expiry.IGNORED);
            return new RevocationServices(
                    revocations,
                    new TokenRevocation(anyAge, store.grants(), opaque, revocations, clock),
                    new AccessTokenRevocation(liveAccessTokens, revocations),
                    new UserRevocation(new UserDirectory(store.users()), revocations),
                    new RevocationCallers(clients, validator, issuer),
                    new RateLimiter(settings.revocation().callerRateLimit(), clock),
                    new RateLimiter(settings.revocation().addressRateLimit(), clock));
        }
    }

    /** RP-initiated logout and the delivery of back-channel logout notices (OIDC RP-Initiated and Back-Channel Logout). */
    record LogoutServices(Logout logout, LogoutConfirmations confirmations, BackChannelWorker worker) {

        static BackChannelWorker worker(
                ServerSettings settings, PostgresStore store, JwtSigner signer, Duration pollInterval, Clock clock) {
            var backChannel = settings.backChannel();
            var fetcher = new SafeFetcher(new OutboundPolicy(settings.outboundAllowlist()), backChannel.timeout());
            var delivery = new BackChannelDelivery(
                    store.backChannelOutbox(),
                    store.clients(),
                    new LogoutTokens(signer, settings.issuer().toString(), clock),
                    new BackChannelSender(fetcher),
                    new BackChannelRetryPolicy(backChannel.maxAttempts()),
                    backChannel.timeout(),
                    clock);
            return new BackChannelWorker(delivery, pollInterval);
        }
    }

    /** @param backChannelPollInterval how often the outbox is polled besides the wake-ups after revocations */
    static Services wire(
            ServerSettings settings,
            PostgresStore store,
            ServerSecrets secrets,
            Clock clock,
            Duration backChannelPollInterval) {
        Endpoints endpoints = settings.endpoints();
        String issuer = endpoints.issuer();
        SecretHashing hashing = Rescind.hashing(settings, secrets);
        var opaque = new OpaqueTokens(secrets.opaqueTokenMacKey());
        var keys = new SigningKeys(
                store.signingKeys(), new KeyEncryption(secrets.keyEncryptionKey()), clock, settings.keyRetention());
        var revocations = new RevocationState();
        var catchUp = new RevocationCatchUp(store.revocationLog(), revocations, clock, System::nanoTime);
        var staleness = new StalenessBound(catchUp, settings.revocation().stalenessBound());
        var signer = new JwtSigner(keys, clock);
        var liveAccessTokens = new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, issuer, clock);
        var verified = VerifiedAccessTokens.remembering(liveAccessTokens, clock, settings.accessTokenCacheEntries());
        var validator = new AccessTokenValidator(verified, revocations, staleness);
        var fetcher = new SafeFetcher(new OutboundPolicy(settings.outboundAllowlist()), Duration.ofSeconds(5));
        var clientCache = new ClientCache(store.clients(), revocations::clientEpoch);
        var cors = new Cors();
        var clients = new ClientAuthenticator(
                clientCache,
                hashing,
                new ClientKeysResolver(fetcher, clock),
                store.jtiReplay(),
                Set.of(issuer, endpoints.token()),
                clock);
        var worker = LogoutServices.worker(settings, store, signer, backChannelPollInterval, clock);
        var revocation = RevocationServices.wire(
                settings, store, keys, revocations, opaque, clients, validator, liveAccessTokens, worker::wake, clock);
        return new Services(
                settings,
                store,
                clock,
                keys,
                revocations,
                catchUp,
                staleness,
                new Features(store.features()),
                cors,
                clientCache,
                clients,
                validator,
                new TokenService(
                        store.grants(),
                        clientCache,
                        staleness,
                        new AccessTokens(signer, issuer),
                        new IdTokens(signer, issuer, clock),
                        opaque,
                        revocations,
                        settings,
                        clock),
                new Authorizer(store.grants(), opaque, settings, clock),
                new Sessions(store.sessions(), opaque, settings, clock),
                new LoginTransactions(store.loginTransactions(), opaque, secrets.csrfKey(), settings, clock),
                new PasswordLogin(store.users(), hashing, store.loginAttempts(), settings.loginThrottling(), clock),
                new Introspection(validator, store.grants(), store.users(), opaque, issuer, clock),
                new UserInfo(
                        store.users(), new java.util.HashSet<>(java.util.List.of(issuer, settings.defaultAudience()))),
                revocation,
                new LogoutServices(
                        new Logout(
                                revocation.revocations(),
                                new JwtVerifier(keys, TokenTypes.ID_TOKEN, issuer, clock, JwtVerifier.Expiry.IGNORED),
                                clients::find),
                        new LogoutConfirmations(secrets.logoutCsrfKey()),
                        worker),
                AdminServices.wire(
                        settings,
                        store,
                        keys,
                        opaque,
                        revocation.revocations(),
                        () -> reloadClients(clientCache, cors),
                        clock));
    }

    /** Loads the reloadable state from the store (creating the first signing keys if there are none). */
    void load() {
        keys.ensureKeys();
        catchUp.catchUp();
        features.reload();
        reloadClients(clientCache, cors);
    }

    /** Reads the clients once, for authentication and issuance, and for CORS. */
    private static void reloadClients(ClientCache clientCache, Cors cors) {
        clientCache.reload();
        cors.allow(clientCache.all());
    }

    /** Reloads what a change notice says changed. */
    void reload(ChangeTopic topic) {
        switch (topic) {
            case KEYS -> keys.reload();
            case CLIENTS -> reloadClients(clientCache, cors);
            case FEATURES -> features.reload();
            case USERS -> {} // users are read from the store at every use
            case REVOCATIONS -> catchUp.catchUp();
        }
    }

    /**
     * Periodic upkeep: prune expired rows and revocation entries, pick up keys that activated, read the clients again
     * (a change notice lost with the listening connection is repaired by the reconnection; this bounds the rest).
     */
    void maintain() {
        store.maintenance().prune(clock.instant(), settings.loginThrottling().window());
        store.backChannelOutbox().prune(clock.instant());
        revocations.prune(clock.instant());
        keys.reload();
        reloadClients(clientCache, cors);
    }
}
