package io.rescind.core.secret;

import io.rescind.core.protocol.OAuthError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) for user passwords and operator-chosen client secrets, encoded as a PHC string.
 *
 * <p>The hashing itself is Bouncy Castle's; this class only picks parameters and reads and writes the PHC string.
 */
public final class Argon2id {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /** Cost parameters: memory in KiB, iterations, lanes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /** OWASP's minimum recommendation for Argon2id (19 MiB, 2 iterations, 1 lane). */
        public static final Cost OWASP_MINIMUM = new Cost(19_456, 2, 1);

        public Cost {
            if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1 || memoryKib > 4_194_304) {
                throw new IllegalArgumentException("invalid Argon2id cost");
            }
        }
    }

    /** How long a check waits for a free slot before the request is answered 503. */
    private static final Duration SLOT_WAIT = Duration.ofSeconds(2);

    private final Cost cost;
    private final Semaphore slots;

    /**
     * @param concurrency how many hashes may run at once: each holds {@code cost.memoryKib()} of memory, so this bounds
     *     what unauthenticated requests (a login, a client secret) can make the server allocate
     */
    private Argon2id(Cost cost, int concurrency) {
        this.cost = cost;
        this.slots = new Semaphore(concurrency);
    }

    /** As many concurrent hashes as processors. */
    public Argon2id(Cost cost) {
        this(cost, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public SecretHash hash(String secret) {
        byte[] salt = Entropy.bytes(SALT_BYTES);
        byte[] hash = derive(secret, salt, cost, HASH_BYTES);
        return new SecretHash("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
                .formatted(
                        cost.memoryKib(),
                        cost.iterations(),
                        cost.parallelism(),
                        B64.encodeToString(salt),
                        B64.encodeToString(hash)));
    }

    /** Constant-time check of {@code secret} against a PHC string; a malformed hash never verifies. */
    public boolean verify(String secret, SecretHash stored) {
        String[] parts = stored.encoded().split("\\$", -1);
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            Cost storedCost = parseCost(parts[3]);
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (expected.length < 16 || expected.length > 64) {
                return false;
            }
            byte[] actual = derive(secret, salt, storedCost, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a hash was made with weaker parameters than the current ones and should be recomputed. */
    public boolean needsRehash(SecretHash stored) {
        String[] parts = stored.encoded().split("\\$", -1);
        try {
            return parts.length != 6 || !parseCost(parts[3]).equals(cost);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static Cost parseCost(String encoded) {
        int m = -1, t = -1, p = -1;
        for (String kv : encoded.split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("malformed cost");
            }
            int value = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> throw new IllegalArgumentException("unknown cost parameter");
            }
        }
        return new Cost(m, t, p);
    }

    private byte[] derive(String secret, byte[] salt, Cost cost, int length) {
        try {
            if (!slots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw OAuthError.TEMPORARILY_UNAVAILABLE.exception("too many password checks at once; retry later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthError.TEMPORARILY_UNAVAILABLE.exception("interrupted");
        }
        try {
            return compute(secret, salt, cost, length);
        } finally {
            slots.release();
        }
    }

    private static byte[] compute(String secret, byte[] salt, Cost cost, int length) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
