package io.rescind.core.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.rescind.core.secret.Sha256;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Access tokens whose signature and claims checked out ({@code typ}, {@code iss}, the key by {@code kid}), remembered
 * by the SHA-256 of their compact form. A token presented again (a resource server introspecting it at each request)
 * then costs a hash instead of an ES256 verification (about 0.4 ms here, most of a validation's CPU).
 *
 * <p>Only what cannot change for a given token is remembered: its signature was good, its claims, its {@code kid}.
 * At each use its expiry is checked against the clock and its key must still be one that verifies; the revocation
 * decision is never remembered: {@link AccessTokenValidator} asks the revocation state (at most L old) every time,
 * key revocation included. A failed
 * verification is not remembered either, so a forged token costs a verification each time, as without the cache.
 * The cache is bounded in entries; an entry leaves it at its token's {@code exp} at the latest.
 */
public final class VerifiedAccessTokens {
    /** The default bound: about 1 KB each, so about 20 MB at most. */
    public static final int DEFAULT_ENTRIES = 20_000;

    private final JwtVerifier verifier;
    private final Clock clock;
    private final Optional<Cache<Fingerprint, ValidAccessToken>> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private VerifiedAccessTokens(JwtVerifier verifier, Clock clock, int maxEntries) {
        this.verifier = verifier;
        this.clock = clock;
        this.cache = maxEntries == 0
                ? Optional.empty()
                : Optional.of(Caffeine.newBuilder()
                        .maximumSize(maxEntries)
                        .expireAfter(Expiry.creating((Fingerprint key, ValidAccessToken token) -> lifetimeLeft(token)))
                        .build());
    }

    /**
     * @param verifier a verifier pinned to {@link TokenTypes#ACCESS_TOKEN}
     * @param maxEntries how many verified tokens to remember; 0 verifies every token every time
     */
    public static VerifiedAccessTokens remembering(JwtVerifier verifier, Clock clock, int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries < 0");
        }
        return new VerifiedAccessTokens(verifier, clock, maxEntries);
    }

    /** Verifies every token every time. */
    public static VerifiedAccessTokens verifyingEachTime(JwtVerifier verifier, Clock clock) {
        return new VerifiedAccessTokens(verifier, clock, 0);
    }

    /** The token's claims if its signature and claims check out and it has not expired; revocation is not asked. */
    public Optional<ValidAccessToken> verify(String token) {
        if (cache.isEmpty()) {
            return verified(token);
        }
        var key = Fingerprint.of(token);
        ValidAccessToken known = cache.get().getIfPresent(key);
        if (known != null) {
            hits.increment();
            // Nimbus's rule, with no clock skew: valid while exp is after now; and the key must still be one that
            // verifies, as the verifier would require.
            return known.claims().expiresAt().isAfter(clock.instant()) && verifier.keyStillVerifies(known.kid())
                    ? Optional.of(known)
                    : Optional.empty();
        }
        misses.increment();
        Optional<ValidAccessToken> verified = verified(token);
        verified.ifPresent(valid -> cache.get().put(key, valid));
        return verified;
    }

    private Duration lifetimeLeft(ValidAccessToken token) {
        Duration left = Duration.between(clock.instant(), token.claims().expiresAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private Optional<ValidAccessToken> verified(String token) {
        return verifier.verify(token)
                .flatMap(jwt -> AccessTokens.read(jwt.claims()).map(claims -> new ValidAccessToken(claims, jwt.kid())));
    }

    /** Verifications saved: a token found verified already. */
    public long hits() {
        return hits.sum();
    }

    /** Tokens verified because they were not found (each failure to verify included). */
    public long misses() {
        return misses.sum();
    }

    /** Tokens remembered now (an estimate: expired entries leave in the background). */
    public long size() {
        return cache.map(Cache::estimatedSize).orElse(0L);
    }

    /** Runs pending evictions now (the cache otherwise does it as it goes): for tests of the bound. */
    void cleanUp() {
        cache.ifPresent(Cache::cleanUp);
    }

    /** The SHA-256 of a token's compact form: the token itself is not kept, and a digest is a third of its size. */
    private record Fingerprint(byte[] sha256) {
        static Fingerprint of(String token) {
            return new Fingerprint(Sha256.of(token));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Fingerprint that && MessageDigest.isEqual(sha256, that.sha256);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256);
        }
    }
}
