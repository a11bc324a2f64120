package io.rescind.core.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.token.CompactJws;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates a client from the credentials a request presented (RFC 6749 §2.3, RFC 7523).
 *
 * <p>Every failure answers the same {@code invalid_client}, so the answer does not tell which check failed.
 */
public final class ClientAuthenticator {
    /** Assertions are signed with asymmetric keys only: no HMAC with a shared secret, never {@code none}. */
    public static final Set<JWSAlgorithm> ASSERTION_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    /** The longest lifetime an assertion may claim; together with the replay store this bounds reuse. */
    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private static final int CLOCK_SKEW_SECONDS = 60;
    private static final int MAX_JTI_LENGTH = 256;

    private final ClientLookup clients;
    private final SecretHashing hashing;
    private final ClientKeys clientKeys;
    private final JtiReplayStore replay;
    private final Set<String> acceptedAudiences;
    private final Clock clock;

    /**
     * @param acceptedAudiences what an assertion's {@code aud} may name: the issuer and the token endpoint
     */
    public ClientAuthenticator(
            ClientLookup clients,
            SecretHashing hashing,
            ClientKeys clientKeys,
            JtiReplayStore replay,
            Set<String> acceptedAudiences,
            Clock clock) {
        this.clients = clients;
        this.hashing = hashing;
        this.clientKeys = clientKeys;
        this.replay = replay;
        this.acceptedAudiences = Set.copyOf(acceptedAudiences);
        this.clock = clock;
    }

    public Client authenticate(ClientCredentials credentials) {
        return switch (credentials) {
            case ClientCredentials.SecretBasic basic ->
                checkSecret(basic.id(), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, basic.secret());
            case ClientCredentials.SecretPost post ->
                checkSecret(post.id(), TokenEndpointAuthMethod.CLIENT_SECRET_POST, post.secret());
            case ClientCredentials.PrivateKeyJwt jwt -> checkAssertion(jwt);
            case ClientCredentials.PublicClient pub -> registered(pub.id(), TokenEndpointAuthMethod.NONE);
        };
    }

    private Client checkSecret(ClientId id, TokenEndpointAuthMethod method, String secret) {
        Client client = registered(id, method);
        // The registered method decides; a secret that verifies under another method is still refused.
        if (client.secretHash().isEmpty()
                || !hashing.verify(secret, client.secretHash().get())) {
            throw failed();
        }
        return client;
    }

    private Client registered(ClientId id, TokenEndpointAuthMethod method) {
        Client client = clients.find(id).filter(Client::isActive).orElseThrow(ClientAuthenticator::failed);
        if (client.authMethod() != method) {
            throw failed();
        }
        return client;
    }

    private Client checkAssertion(ClientCredentials.PrivateKeyJwt credentials) {
        SignedJWT assertion = parse(credentials.assertion());
        String issuer = issuer(assertion);
        if (credentials.claimedId().map(id -> !id.value().equals(issuer)).orElse(false)) {
            throw failed();
        }
        Client client = registered(new ClientId(issuer), TokenEndpointAuthMethod.PRIVATE_KEY_JWT);
        return checkSignedBy(client, assertion, acceptedAudiences);
    }

    /**
     * Authenticates a client by a JWT it signed for one endpoint (the Bearer JWT of the global token revocation
     * draft, §3.5): {@code iss} = {@code sub} = a confidential client with registered keys, {@code aud} exactly the
     * endpoint, {@code exp} within five minutes, {@code jti} used once.
     */
    public Client authenticateSignedRequest(String jwt, String endpoint) {
        SignedJWT request = parse(jwt);
        Client client = clients.find(new ClientId(issuer(request)))
                .filter(Client::isActive)
                .filter(c -> c.jwks().isPresent() || c.jwksUri().isPresent())
                .orElseThrow(ClientAuthenticator::failed);
        return checkSignedBy(client, request, Set.of(endpoint));
    }

    private Client checkSignedBy(Client client, SignedJWT jwt, Set<String> audiences) {
        JWTClaimsSet claims = verify(jwt, client, audiences);
        // Every audience must be this server: an assertion also addressed elsewhere could be replayed here.
        if (!audiences.containsAll(claims.getAudience())) {
            throw failed();
        }
        Date expiry = claims.getExpirationTime();
        if (expiry.toInstant()
                .isAfter(clock.instant().plus(MAX_ASSERTION_LIFETIME).plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw failed();
        }
        String jti = claims.getJWTID();
        if (!isPrintable(jti) || !replay.firstUse(client.id().value(), jti, expiry.toInstant())) {
            throw failed();
        }
        return client;
    }

    private static SignedJWT parse(String jwt) {
        if (!CompactJws.isWellFormed(jwt)) {
            throw failed();
        }
        try {
            return SignedJWT.parse(jwt);
        } catch (ParseException | ClassCastException e) {
            throw failed();
        }
    }

    private static String issuer(SignedJWT jwt) {
        try {
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            if (issuer == null) {
                throw failed();
            }
            return issuer;
        } catch (ParseException e) {
            throw failed();
        }
    }

    private JWTClaimsSet verify(SignedJWT assertion, Client client, Set<String> audiences) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        // RFC 7523 defines no typ; clients send none or "JWT". Anything else (at+jwt, logout+jwt...) is refused.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(ASSERTION_ALGORITHMS, new ImmutableJWKSet<>(clientKeys.of(client))));
        var verifier =
                new DefaultJWTClaimsVerifier<SecurityContext>(
                        audiences,
                        new JWTClaimsSet.Builder()
                                .issuer(client.id().value())
                                .subject(client.id().value())
                                .build(),
                        Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.JWT_ID, JWTClaimNames.AUDIENCE),
                        null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        verifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        try {
            return processor.process(assertion, null);
        } catch (BadJOSEException | JOSEException e) {
            throw failed();
        }
    }

    /** A {@code jti} the replay store can keep: 1 to 256 visible ASCII characters. */
    private static boolean isPrintable(String jti) {
        return !jti.isEmpty() && jti.length() <= MAX_JTI_LENGTH && jti.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static OAuthException failed() {
        return OAuthError.INVALID_CLIENT.exception("client authentication failed");
    }

    /** Looks a client up without authenticating it (a public client naming itself at /authorize). */
    public Optional<Client> find(ClientId id) {
        return clients.find(id).filter(Client::isActive);
    }
}
