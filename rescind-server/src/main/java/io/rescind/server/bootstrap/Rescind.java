package io.rescind.server.bootstrap;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.rescind.core.authorize.Authorizer;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.feature.Features;
import io.rescind.core.grant.TokenService;
import io.rescind.core.introspection.Introspection;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.secret.Argon2id;
import io.rescind.core.secret.PepperedHmac;
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
import io.rescind.core.userinfo.UserInfo;
import io.rescind.server.authorize.AuthorizationFlow;
import io.rescind.server.authorize.AuthorizeEndpoint;
import io.rescind.server.discovery.DiscoveryEndpoint;
import io.rescind.server.discovery.JwksEndpoint;
import io.rescind.server.health.HealthEndpoint;
import io.rescind.server.http.Cookies;
import io.rescind.server.http.Cors;
import io.rescind.server.http.ErrorHandling;
import io.rescind.server.introspection.IntrospectionEndpoint;
import io.rescind.server.login.LoginEndpoint;
import io.rescind.server.outbound.ClientKeysResolver;
import io.rescind.server.outbound.OutboundPolicy;
import io.rescind.server.outbound.SafeFetcher;
import io.rescind.server.token.TokenEndpoint;
import io.rescind.server.userinfo.UserinfoEndpoint;
import io.rescind.store.PgChangeNotices;
import io.rescind.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Rescind: every service wired by explicit constructors (no injection framework), and the HTTP server.
 * Closing it stops HTTP and background work; the store belongs to the caller.
 */
public final class Rescind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rescind.class);
    private static final Duration MAINTENANCE_PERIOD = Duration.ofMinutes(5);

    private final WebServer web;
    private final PgChangeNotices notices;
    private final ScheduledExecutorService maintenance;

    private Rescind(WebServer web, PgChangeNotices notices, ScheduledExecutorService maintenance) {
        this.web = web;
        this.notices = notices;
        this.maintenance = maintenance;
    }

    public static Rescind start(
            ServerSettings settings, PostgresStore store, ServerSecrets secrets, Clock clock, String host, int port) {
        Endpoints endpoints = settings.endpoints();
        String issuer = endpoints.issuer();
        var hashing = hashing(settings, secrets);
        var opaqueTokens = new OpaqueTokens(secrets.opaqueTokenMacKey());
        var keys = new SigningKeys(
                store.signingKeys(), new KeyEncryption(secrets.keyEncryptionKey()), clock, settings.keyRetention());
        keys.ensureKeys();
        var revocations = new RevocationState();
        revocations.load(store.revocationLog(), clock.instant());
        var features = new Features(store.features());
        features.reload();
        var cors = new Cors(store.clients());
        cors.reload();

        var signer = new JwtSigner(keys, clock);
        var accessTokens = new AccessTokens(signer, issuer);
        var validator =
                new AccessTokenValidator(new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, issuer, clock), revocations);
        var fetcher = new SafeFetcher(new OutboundPolicy(settings.outboundAllowlist()), Duration.ofSeconds(5));
        var clients = new ClientAuthenticator(
                store.clients(),
                hashing,
                new ClientKeysResolver(fetcher, clock),
                store.jtiReplay(),
                Set.of(issuer, endpoints.token()),
                clock);
        var tokenService = new TokenService(
                store.grants(),
                store.users(),
                accessTokens,
                new IdTokens(signer, issuer, clock),
                opaqueTokens,
                revocations,
                settings,
                clock);
        var authorizer = new Authorizer(store.grants(), opaqueTokens, settings, clock);
        var sessions = new Sessions(store.sessions(), opaqueTokens, settings, clock);
        var transactions =
                new LoginTransactions(store.loginTransactions(), opaqueTokens, secrets.csrfKey(), settings, clock);
        var passwords =
                new PasswordLogin(store.users(), hashing, store.loginAttempts(), settings.loginThrottling(), clock);
        var flow = new AuthorizationFlow(clients, authorizer, settings);
        var cookies = new Cookies(settings.isHttps());

        var tokenEndpoint = new TokenEndpoint(clients, tokenService, cors);
        var userinfo = new UserinfoEndpoint(validator, new UserInfo(store.users()), cors);
        var discovery = new DiscoveryEndpoint(endpoints, features);
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/health", new HealthEndpoint(store::isReachable))
                .get("/.well-known/openid-configuration", discovery)
                .get("/.well-known/oauth-authorization-server", discovery)
                .get(Endpoints.JWKS_PATH, new JwksEndpoint(keys, clock))
                .route(
                        Method.predicate(Method.GET, Method.POST),
                        PathMatchers.exact(Endpoints.AUTHORIZATION_PATH),
                        new AuthorizeEndpoint(flow, sessions, transactions, cookies, endpoints.login()))
                .route(
                        Method.predicate(Method.GET, Method.POST),
                        PathMatchers.exact(Endpoints.LOGIN_PATH),
                        new LoginEndpoint(transactions, passwords, sessions, flow, cookies))
                .post(Endpoints.TOKEN_PATH, tokenEndpoint)
                .options(Endpoints.TOKEN_PATH, (req, res) -> cors.preflight(req, res, "POST"))
                .route(Method.predicate(Method.GET, Method.POST), PathMatchers.exact(Endpoints.USERINFO_PATH), userinfo)
                .options(Endpoints.USERINFO_PATH, (req, res) -> cors.preflight(req, res, "GET, POST"))
                .post(
                        Endpoints.INTROSPECTION_PATH,
                        new IntrospectionEndpoint(
                                clients,
                                new Introspection(validator, store.grants(), store.users(), issuer, clock),
                                features));
        // RFC 9110 §15.5.6: a 405 names the methods the resource supports.
        Map<String, String> allowedMethods = new LinkedHashMap<>();
        allowedMethods.put("/health", "GET");
        allowedMethods.put("/.well-known/openid-configuration", "GET");
        allowedMethods.put("/.well-known/oauth-authorization-server", "GET");
        allowedMethods.put(Endpoints.JWKS_PATH, "GET");
        allowedMethods.put(Endpoints.AUTHORIZATION_PATH, "GET, POST");
        allowedMethods.put(Endpoints.LOGIN_PATH, "GET, POST");
        allowedMethods.put(Endpoints.TOKEN_PATH, "POST, OPTIONS");
        allowedMethods.put(Endpoints.USERINFO_PATH, "GET, POST, OPTIONS");
        allowedMethods.put(Endpoints.INTROSPECTION_PATH, "POST");
        allowedMethods.forEach((path, methods) -> routing.any(path, (req, res) -> {
            res.header(HeaderNames.ALLOW, methods);
            throw OAuthError.INVALID_REQUEST.exception("method not allowed").withStatus(405);
        }));
        routing.any((req, res) -> {
            throw OAuthError.INVALID_REQUEST.exception("not found").withStatus(404);
        });
        ErrorHandling.install(routing);

        WebServer web = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(settings.maxRequestBytes())
                .shutdownHook(false)
                .directHandlers(directHandlers())
                .addRouting(routing)
                .build()
                .start();

        var notices = PgChangeNotices.listen(store.connectionSettings(), topic -> {
            switch (topic) {
                case KEYS -> keys.reload();
                case CLIENTS -> cors.reload();
                case FEATURES -> features.reload();
                case USERS -> {}
            }
        });
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("rescind-maintenance").factory());
        maintenance.scheduleWithFixedDelay(
                () -> {
                    try {
                        store.maintenance()
                                .prune(
                                        clock.instant(),
                                        settings.loginThrottling().window());
                        revocations.prune(clock.instant());
                        keys.reload();
                    } catch (RuntimeException e) {
                        LOG.warn("Maintenance failed: {}", e.getMessage());
                    }
                },
                MAINTENANCE_PERIOD.toSeconds(),
                MAINTENANCE_PERIOD.toSeconds(),
                TimeUnit.SECONDS);
        LOG.info("Rescind listening on http://{}:{} (issuer {})", host, web.port(), issuer);
        return new Rescind(web, notices, maintenance);
    }

    private static DirectHandlers directHandlers() {
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, ErrorHandling.directHandler());
        }
        return builder.build();
    }

    /** The hashing rules of DESIGN §3 with the configured Argon2id cost and the derived pepper. */
    public static SecretHashing hashing(ServerSettings settings, ServerSecrets secrets) {
        return new SecretHashing(
                new Argon2id(settings.argon2Cost()), new PepperedHmac(secrets.clientSecretPepper(), 1));
    }

    public int port() {
        return web.port();
    }

    @Override
    public void close() {
        web.stop();
        notices.close();
        maintenance.shutdownNow();
    }
}
