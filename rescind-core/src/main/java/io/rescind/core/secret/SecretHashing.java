package io.rescind.core.secret;

/**
 * The one place that decides how a secret is hashed and checked (DESIGN §3): Argon2id for passwords and
 * operator-chosen client secrets, peppered HMAC-SHA-256 for generated client secrets. Every check is constant-time.
 */
public final class SecretHashing {
    private final Argon2id argon2id;
    private final PepperedHmac hmac;
    /** Made at the first use, not at start: an Argon2id hash is tens of milliseconds of every start otherwise. */
    private volatile SecretHash dummy;

    public SecretHashing(Argon2id argon2id, PepperedHmac hmac) {
        this.argon2id = argon2id;
        this.hmac = hmac;
    }

    /** Hash of a user password. */
    public SecretHash hashPassword(String password) {
        return argon2id.hash(password);
    }

    /** Hash of a client secret: HMAC when Rescind generated it, Argon2id when an operator chose it. */
    public SecretHash hashClientSecret(String secret) {
        return GeneratedSecret.matchesFormat(secret) ? hmac.hash(secret) : argon2id.hash(secret);
    }

    public boolean verify(String presented, SecretHash stored) {
        return switch (stored.algorithm()) {
            case "argon2id" -> argon2id.verify(presented, stored);
            case "hmac-sha256" -> hmac.verify(presented, stored);
            default -> false;
        };
    }

    /** Whether a password hash was made with another algorithm or cost than new ones get. */
    public boolean needsRehash(SecretHash stored) {
        return !stored.algorithm().equals("argon2id") || argon2id.needsRehash(stored);
    }

    /**
     * Spends the work of one password check on nothing, so an unknown user costs what a known one does.
     */
    public void verifyNothing(String presented) {
        argon2id.verify(presented, dummy());
    }

    private SecretHash dummy() {
        SecretHash held = dummy;
        if (held == null) {
            // Two threads may both make one: either is as good.
            held = argon2id.hash(Entropy.base64url(16));
            dummy = held;
        }
        return held;
    }
}
