package io.rescind.server.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.token.JwtSigner;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.token.TokenTypes;
import java.text.ParseException;
import java.util.function.UnaryOperator;

/**
 * Tokens made with the test server's own keys and secrets that the server itself would never issue (an admin token
 * for another audience, a refresh token it never stored): a test that a check holds even when issuance is bypassed.
 */
public final class OwnTokens {
    private OwnTokens() {}

    /** {@code token}'s claims, changed by {@code change}, signed again as an access token by the server's key. */
    public static String resignedAccessToken(
            TestServer server, String token, UnaryOperator<JWTClaimsSet.Builder> change) {
        return resigned(server, token, TokenTypes.ACCESS_TOKEN, change);
    }

    /** {@code token}'s claims, changed by {@code change}, signed by the server's ES256 key with the header type {@code typ}. */
    public static String resigned(
            TestServer server, String token, JOSEObjectType typ, UnaryOperator<JWTClaimsSet.Builder> change) {
        SigningKeys keys = new BesideTheServer(server).signingKeys();
        try {
            JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
            return new JwtSigner(keys, server.clock)
                    .sign(
                            JWSAlgorithm.ES256,
                            typ,
                            change.apply(new JWTClaimsSet.Builder(claims)).build());
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + token, e);
        }
    }

    /** A refresh token with a genuine MAC that no grant has: the server never stored it. */
    public static String unknownRefreshToken(TestServer server) {
        return new OpaqueTokens(server.secrets.opaqueTokenMacKey()).mint(OpaqueTokenKind.REFRESH_TOKEN);
    }

    /** {@code jwt}'s header type and claims, unsigned ({@code alg: none}): what a forger sends. */
    public static String unsigned(String jwt) {
        try {
            SignedJWT signed = SignedJWT.parse(jwt);
            return new PlainJWT(
                            new PlainHeader.Builder()
                                    .type(signed.getHeader().getType())
                                    .build(),
                            signed.getJWTClaimsSet())
                    .serialize();
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }
}
