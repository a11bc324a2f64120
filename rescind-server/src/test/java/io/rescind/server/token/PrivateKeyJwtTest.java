package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.secret.Entropy;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code private_key_jwt} client authentication at /token (RFC 7523 §2.2, §3; OpenID Connect Core §9), with a
 * registered {@code jwks} and with a {@code jwks_uri} fetched under the outbound policy (DESIGN §4).
 */
class PrivateKeyJwtTest {
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String CLIENT = "signing-client";
    private static final String JWKS_URI_CLIENT = "jwks-uri-client";

    static TestServer server;
    /** Allows http to 127.0.0.1, where the client's JWK Set is served. */
    static TestServer allowlisted;

    static ECKey key;
    static HttpServer jwksHost;
    static final AtomicInteger jwksFetches = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("client-key-1").generate();
        jwksHost = serveJwks(new JWKSet(key.toPublicJWK()));
        URI jwksUri = URI.create("http://127.0.0.1:" + jwksHost.getAddress().getPort() + "/jwks.json");

        server = TestServer.start();
        allowlisted = TestServer.start(Map.of("outbound_allowlist", "127.0.0.1"));
        for (TestServer each : new TestServer[] {server, allowlisted}) {
            each.register(
                    Fixtures.webClient(CLIENT)
                            .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                            .jwks(Optional.of(new JWKSet(key.toPublicJWK()))),
                    Optional.empty());
            each.register(
                    Fixtures.webClient(JWKS_URI_CLIENT)
                            .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                            .jwksUri(Optional.of(jwksUri)),
                    Optional.empty());
        }
    }

    @AfterAll
    static void stop() {
        jwksHost.stop(0);
        server.close();
        allowlisted.close();
    }

    private static HttpServer serveJwks(JWKSet jwks) throws IOException {
        HttpServer host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = jwks.toString(true).getBytes(StandardCharsets.UTF_8);
        host.createContext("/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        host.start();
        return host;
    }

    /** Claims of a valid assertion by {@code clientId} for {@code at}, whose clock decides what "now" is. */
    private static JWTClaimsSet.Builder claims(TestServer at, String clientId) {
        Instant now = at.clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(at.issuer())
                .jwtID(Entropy.identifier())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)));
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(claims(server, CLIENT)).build();
    }

    private static String sign(ECKey with, JWSHeader header, JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims) {
        return sign(
                key,
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                claims);
    }

    private static Http.Reply authenticate(TestServer at, String assertion) {
        return at.http.postForm(
                "/token",
                Http.params(
                        "grant_type",
                        "client_credentials",
                        "client_assertion_type",
                        ASSERTION_TYPE,
                        "client_assertion",
                        assertion));
    }

    private static Http.Reply authenticate(String assertion) {
        return authenticate(server, assertion);
    }

    private static void assertAccepted(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("access_token").asText()).isNotEmpty();
    }

    private static void assertRefused(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.error()).isEqualTo("invalid_client");
    }

    @Nested
    class Audience {
        @Test
        void theIssuerIsAccepted() {
            assertAccepted(authenticate(sign(claims(c -> c.audience(server.issuer())))));
        }

        @Test
        void theTokenEndpointIsAccepted() {
            assertAccepted(authenticate(sign(claims(c -> c.audience(server.issuer() + "/token")))));
        }

        @Test
        void anotherAudienceIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.audience("https://other.example.com")))));
        }

        @Test
        void anotherEndpointOfThisServerIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.audience(server.issuer() + "/introspect")))));
        }

        @Test
        void aMissingAudienceIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.audience((String) null)))));
        }
    }

    @Nested
    class SingleUse {
        @Test
        void aReplayedJtiIsRefused() {
            String assertion = sign(claims(c -> c));
            assertAccepted(authenticate(assertion));
            assertRefused(authenticate(assertion));
        }

        @Test
        void aNewAssertionWithAReusedJtiIsRefused() {
            String jti = Entropy.identifier();
            assertAccepted(authenticate(sign(claims(c -> c.jwtID(jti)))));
            assertRefused(authenticate(sign(claims(c -> c.jwtID(jti).audience(server.issuer() + "/token")))));
        }

        @Test
        void anAssertionWithoutJtiIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.jwtID(null)))));
        }
    }

    @Nested
    class Lifetime {
        @Test
        void anExpiredAssertionIsRefused() {
            Instant now = server.clock.instant();
            assertRefused(authenticate(sign(claims(c ->
                    c.issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(120)))))));
        }

        @Test
        void anAssertionThatExpiresFiveMinutesAheadIsAccepted() {
            Instant now = server.clock.instant();
            assertAccepted(authenticate(
                    sign(claims(c -> c.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))))));
        }

        @Test
        void anAssertionThatExpiresMoreThanFiveMinutesAheadIsRefused() {
            Instant now = server.clock.instant();
            assertRefused(authenticate(
                    sign(claims(c -> c.expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))))));
        }

        @Test
        void anAssertionWithoutExpiryIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.expirationTime(null)))));
        }
    }

    @Nested
    class IssuerAndSubject {
        @Test
        void anIssuerThatIsNotTheClientIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.issuer("someone-else")))));
        }

        @Test
        void anAssertionNamingAnotherClientIsCheckedAgainstThatClientsKeys() throws JOSEException {
            String other = "other-signer";
            ECKey otherKey =
                    new ECKeyGenerator(Curve.P_256).keyID("other-signer-key").generate();
            server.register(
                    Fixtures.webClient(other)
                            .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                            .jwks(Optional.of(new JWKSet(otherKey.toPublicJWK()))),
                    Optional.empty());
            assertRefused(authenticate(sign(claims(c -> c.issuer(other).subject(other)))));
        }

        @Test
        void aSubjectThatIsNotTheClientIsRefused() {
            assertRefused(authenticate(sign(claims(c -> c.subject("someone-else")))));
        }

        @Test
        void aClientIdParameterThatIsNotTheIssuerIsRefused() {
            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            JWKS_URI_CLIENT,
                            "client_assertion_type",
                            ASSERTION_TYPE,
                            "client_assertion",
                            sign(claims(c -> c))));
            assertRefused(reply);
        }

        @Test
        void aClientIdParameterThatIsTheIssuerIsAccepted() {
            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            CLIENT,
                            "client_assertion_type",
                            ASSERTION_TYPE,
                            "client_assertion",
                            sign(claims(c -> c))));
            assertAccepted(reply);
        }

        @Test
        void aClientRegisteredForASecretCannotUseAnAssertion() {
            String id = "secret-not-key";
            server.register(
                    Fixtures.webClient(id).jwks(Optional.of(new JWKSet(key.toPublicJWK()))),
                    Optional.of("secret-of-" + id));
            assertRefused(authenticate(sign(claims(c -> c.issuer(id).subject(id)))));
        }
    }

    @Nested
    class Signature {
        @Test
        void anUnsignedAssertionIsRefused() {
            assertRefused(authenticate(new PlainJWT(claims(c -> c)).serialize()));
        }

        @Test
        void anHmacAssertionIsRefused() throws JOSEException {
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(c -> c));
            jwt.sign(new MACSigner(Entropy.bytes(32)));
            assertRefused(authenticate(jwt.serialize()));
        }

        @Test
        void anHmacAssertionKeyedWithThePublicKeyIsRefused() throws JOSEException {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims(c -> c));
            jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
            assertRefused(authenticate(jwt.serialize()));
        }

        @Test
        void anAccessTokenTypeIsRefused() {
            assertRefused(authenticate(sign(
                    key,
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .type(new JOSEObjectType("at+jwt"))
                            .build(),
                    claims(c -> c))));
        }

        @Test
        void theJwtTypeIsAccepted() {
            assertAccepted(authenticate(sign(
                    key,
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims(c -> c))));
        }

        @Test
        void aKeyNotInTheClientsSetIsRefused() throws JOSEException {
            ECKey other = new ECKeyGenerator(Curve.P_256).keyID("other-key").generate();
            assertRefused(authenticate(sign(
                    other,
                    new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("other-key").build(),
                    claims(c -> c))));
        }

        @Test
        void aKeyNotInTheClientsSetIsRefusedEvenUnderARegisteredKid() throws JOSEException {
            ECKey impostor =
                    new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
            assertRefused(authenticate(sign(
                    impostor,
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims(c -> c))));
        }

        @Test
        void aTamperedPayloadIsRefused() {
            String[] parts = sign(claims(c -> c)).split("\\.");
            String forged = parts[0] + "." + tamper(parts[1]) + "." + parts[2];
            assertRefused(authenticate(forged));
        }

        @Test
        void garbageIsRefused() {
            assertRefused(authenticate("not-a-jwt"));
        }

        private static String tamper(String base64url) {
            char c = base64url.charAt(10);
            return base64url.substring(0, 10) + (c == 'A' ? 'B' : 'A') + base64url.substring(11);
        }
    }

    @Nested
    class JwksUri {
        @Test
        void keysFromAnAllowlistedLoopbackUriAreUsed() {
            var reply = authenticate(
                    allowlisted, sign(claims(allowlisted, JWKS_URI_CLIENT).build()));
            assertAccepted(reply);
        }

        @Test
        void aLoopbackHttpUriIsNotFetchedWithoutTheAllowlist() {
            int before = jwksFetches.get();
            var reply =
                    authenticate(server, sign(claims(server, JWKS_URI_CLIENT).build()));
            assertRefused(reply);
            assertThat(jwksFetches.get())
                    .as("the refused URI is never contacted")
                    .isEqualTo(before);
        }
    }
}
