package io.rescind.bench.jmh;

import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The in-process part of a refresh at the token endpoint ({@code grant_type=refresh_token}, DESIGN §3), the database
 * left out: the presented refresh token's format and MAC checked ({@link OpaqueTokens#isGenuine}), which turns
 * garbage and forgeries away before any lookup, then the SHA-256 the store looks it up by; and the next token of the
 * rotation minted with its hash. The access and ID tokens a refresh signs are in {@link SignatureBenchmark}.
 */
public class RefreshTokenBenchmark extends HotPathBenchmark {
    private static final byte[] NONE = new byte[0];

    private OpaqueTokens tokens;
    private String genuine;
    private String forged;

    @Setup
    public void setUp() {
        tokens = new OpaqueTokens(Fixtures.secrets().opaqueTokenMacKey());
        genuine = tokens.mint(OpaqueTokenKind.REFRESH_TOKEN);
        // Well-formed, but minted under another server's key: only the MAC can tell.
        forged = new OpaqueTokens(Fixtures.secrets().opaqueTokenMacKey()).mint(OpaqueTokenKind.REFRESH_TOKEN);
        require(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, genuine), "the minted token is genuine");
        require(!tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, forged), "the forged token is not");
    }

    /** What {@code TokenService} does with a presented refresh token before the store: MAC check, then hash. */
    @Benchmark
    public byte[] presentedToken() {
        return tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, genuine) ? OpaqueTokens.storageHash(genuine) : NONE;
    }

    /** A forged token: refused by the MAC check, no hash, no lookup. */
    @Benchmark
    public boolean forgedToken() {
        return tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, forged);
    }

    /** The rotation's next refresh token: 256 random bits, its MAC, and the hash the store keeps. */
    @Benchmark
    public byte[] nextToken() {
        return OpaqueTokens.storageHash(tokens.mint(OpaqueTokenKind.REFRESH_TOKEN));
    }
}
