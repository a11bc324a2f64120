package io.rescind.bench.jmh;

import io.rescind.core.revocation.RevocationState;
import io.rescind.core.secret.Entropy;
import io.rescind.core.token.AccessTokenClaims;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * The revocation lookups alone ({@link RevocationState#kills}, DESIGN §2): revoked {@code jti}, revoked grant, revoked
 * signing key, subject and client epochs, in a state of {@value RealisticRevocations#REVOKED_ACCESS_TOKENS} revoked
 * access tokens, {@value RealisticRevocations#REVOKED_GRANTS} revoked grants and
 * {@value RealisticRevocations#SUBJECT_EPOCHS} subject epochs. The design promises each test is an O(1) in-memory
 * lookup: this is the part of every access-token validation that revocation adds, against the signature check.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevocationStateBenchmark extends HotPathBenchmark {
    private RevocationState state;
    private String kid;
    private AccessTokenClaims live;
    private AccessTokenClaims revoked;
    private AccessTokenClaims behindEpoch;

    @Setup
    public void setUp() {
        var revocations = new RealisticRevocations(Clock.systemUTC());
        state = revocations.state();
        kid = Entropy.identifier(); // a key that was not revoked
        live = revocations.liveToken();
        revoked = revocations.revokedToken();
        behindEpoch = revocations.tokenBehindItsUsersEpoch();
        require(!state.kills(live, kid), "the live token survives");
        require(state.kills(revoked, kid) && state.kills(behindEpoch, kid), "the revoked tokens do not");
    }

    /** Every lookup made, none kills: the common case. */
    @Benchmark
    public boolean liveToken() {
        return state.kills(live, kid);
    }

    /** The {@code jti} is revoked: the first lookup answers. */
    @Benchmark
    public boolean revokedToken() {
        return state.kills(revoked, kid);
    }

    /** The user was globally revoked after the token was minted: every lookup made, the subject epoch answers. */
    @Benchmark
    public boolean tokenBehindItsUsersEpoch() {
        return state.kills(behindEpoch, kid);
    }
}
