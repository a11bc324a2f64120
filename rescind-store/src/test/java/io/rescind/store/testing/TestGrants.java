package io.rescind.store.testing;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.AuthorizationCode;
import io.rescind.core.grant.CodeOutcome;
import io.rescind.core.grant.CodeRedemption;
import io.rescind.core.grant.GrantId;
import io.rescind.core.grant.NewRefreshToken;
import io.rescind.core.grant.RefreshRotation;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.secret.Entropy;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import io.rescind.store.PostgresStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Codes, code redemptions and refresh rotations as the token endpoint would build them, as builders: a test
 * changes only what it is about.
 */
public final class TestGrants {
    public static final ClientId CLIENT = new ClientId("client-a");
    /** The user of every code and grant unless a test says otherwise; {@link FreshStores} creates it, active. */
    public static final Subject SUB = new Subject("grant-user-sub");
    /** The live login session of every code unless a test says otherwise; {@link FreshStores} creates it. */
    public static final SessionId SID = new SessionId("grant-user-session");

    public static final ClientId OTHER_CLIENT = new ClientId("client-b");
    public static final URI REDIRECT_URI = URI.create("https://app.example/callback");
    /** The code_verifier and code_challenge of RFC 7636 Appendix B. */
    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    public static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    public static final Duration CODE_TTL = Duration.ofMinutes(1);
    public static final Duration ACCESS_TTL = Duration.ofMinutes(5);
    public static final Duration REFRESH_TTL = Duration.ofDays(30);

    private TestGrants() {}

    /** A stored token's hash: 32 random bytes, as a SHA-256 of a token with 256 bits of entropy would be. */
    public static byte[] tokenHash() {
        return Entropy.bytes(32);
    }

    /** A grant of the user of {@link FreshStores#openWithGrantUser}, made by redeeming a code at the start. */
    public static GrantId redeemedGrant(PostgresStore store) {
        byte[] code = tokenHash();
        store.grants().saveCode(code, code(FreshStores.START).build());
        var outcome =
                store.grants().redeemCode(redemption(code, FreshStores.START).build());
        return ((CodeOutcome.Redeemed) outcome).grant().id();
    }

    public static CodeBuilder code(Instant issuedAt) {
        return new CodeBuilder(issuedAt);
    }

    public static RedemptionBuilder redemption(byte[] codeHash, Instant now) {
        return new RedemptionBuilder(codeHash, now);
    }

    public static RotationBuilder rotation(byte[] presentedHash, Instant now) {
        return new RotationBuilder(presentedHash, now);
    }

    /** An authorization code of {@link #CLIENT}, without PKCE and without a requested redirect_uri. */
    public static final class CodeBuilder {
        private final Instant issuedAt;
        private Subject sub = SUB;
        private Optional<URI> requestedRedirectUri = Optional.empty();
        private Optional<String> codeChallenge = Optional.empty();
        private Epochs epochs = Epochs.INITIAL;

        private CodeBuilder(Instant issuedAt) {
            this.issuedAt = issuedAt;
        }

        public CodeBuilder sub(Subject value) {
            sub = value;
            return this;
        }

        public CodeBuilder requestedRedirectUri(URI value) {
            requestedRedirectUri = Optional.of(value);
            return this;
        }

        public CodeBuilder codeChallenge(String value) {
            codeChallenge = Optional.of(value);
            return this;
        }

        public CodeBuilder epochs(Epochs value) {
            epochs = value;
            return this;
        }

        public AuthorizationCode build() {
            return new AuthorizationCode(
                    CLIENT,
                    sub,
                    SID,
                    REDIRECT_URI,
                    requestedRedirectUri,
                    Scope.of("openid", "profile", "offline_access"),
                    Optional.of("n-0S6_WzA2Mj"),
                    codeChallenge,
                    List.of("https://api.example"),
                    issuedAt.minusSeconds(10),
                    epochs,
                    issuedAt.plus(CODE_TTL));
        }
    }

    /** A redemption by {@link #CLIENT} without redirect_uri or code_verifier, asking for a refresh token. */
    public static final class RedemptionBuilder {
        private final byte[] codeHash;
        private final Instant now;
        private ClientId clientId = CLIENT;
        private Optional<String> redirectUri = Optional.empty();
        private Optional<String> codeVerifier = Optional.empty();
        private Optional<NewRefreshToken> refreshToken;

        private RedemptionBuilder(byte[] codeHash, Instant now) {
            this.codeHash = codeHash;
            this.now = now;
            this.refreshToken = Optional.of(new NewRefreshToken(tokenHash(), now.plus(REFRESH_TTL)));
        }

        public RedemptionBuilder clientId(ClientId value) {
            clientId = value;
            return this;
        }

        public RedemptionBuilder redirectUri(String value) {
            redirectUri = Optional.of(value);
            return this;
        }

        public RedemptionBuilder codeVerifier(String value) {
            codeVerifier = Optional.of(value);
            return this;
        }

        public RedemptionBuilder refreshToken(byte[] hash) {
            refreshToken = Optional.of(new NewRefreshToken(hash, now.plus(REFRESH_TTL)));
            return this;
        }

        public RedemptionBuilder refreshToken(byte[] hash, Instant expiresAt) {
            refreshToken = Optional.of(new NewRefreshToken(hash, expiresAt));
            return this;
        }

        public RedemptionBuilder noRefreshToken() {
            refreshToken = Optional.empty();
            return this;
        }

        public CodeRedemption build() {
            return new CodeRedemption(
                    codeHash,
                    clientId,
                    redirectUri,
                    codeVerifier,
                    GrantId.random(),
                    refreshToken,
                    now,
                    now.plus(ACCESS_TTL));
        }
    }

    /** A strict (no reuse grace) rotation by {@link #CLIENT} without a scope parameter. */
    public static final class RotationBuilder {
        private final byte[] presentedHash;
        private final Instant now;
        private ClientId clientId = CLIENT;
        private Optional<Scope> requestedScope = Optional.empty();
        private byte[] nextHash = tokenHash();
        private Duration reuseGrace = Duration.ZERO;

        private RotationBuilder(byte[] presentedHash, Instant now) {
            this.presentedHash = presentedHash;
            this.now = now;
        }

        public RotationBuilder clientId(ClientId value) {
            clientId = value;
            return this;
        }

        public RotationBuilder scope(Scope value) {
            requestedScope = Optional.of(value);
            return this;
        }

        public RotationBuilder next(byte[] hash) {
            nextHash = hash;
            return this;
        }

        public RotationBuilder reuseGrace(Duration value) {
            reuseGrace = value;
            return this;
        }

        public RefreshRotation build() {
            return new RefreshRotation(
                    presentedHash,
                    clientId,
                    requestedScope,
                    new NewRefreshToken(nextHash, now.plus(REFRESH_TTL)),
                    reuseGrace,
                    now,
                    now.plus(ACCESS_TTL));
        }
    }
}
