package io.rescind.bench.jmh;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.revocation.LogPosition;
import io.rescind.core.revocation.LogRead;
import io.rescind.core.revocation.RevocationCatchUp;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationLog;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.core.secret.Entropy;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.user.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's revocation state of a realistic size, loaded as at start (one whole read of the log through
 * {@link RevocationCatchUp}), with the staleness bound L over it, and tokens it leaves alive or kills.
 *
 * <p>The log is in memory: its first read answers the whole state, later reads nothing new. A request that finds the
 * state older than L reads it again (in the server, the periodic reader does), so about one call in 250 ms pays for an
 * empty read.
 */
final class RealisticRevocations {
    static final int REVOKED_ACCESS_TOKENS = 100_000;
    static final int REVOKED_GRANTS = 10_000;
    static final int SUBJECT_EPOCHS = 10_000;
    static final int CLIENT_EPOCHS = 100;
    static final int REVOKED_KEYS = 2;

    /** The user and client of the tokens: both have had global revocations, so their epochs are in the tables. */
    private static final long USER_EPOCH = 3;

    private static final long CLIENT_EPOCH = 1;

    private final RevocationState state = new RevocationState();
    private final StalenessBound staleness;
    private final Subject user = Subject.random();
    private final ClientId client = new ClientId("client-0");
    private final String revokedJti;

    RealisticRevocations(Clock clock) {
        Instant until = clock.instant().plus(Fixtures.SETTINGS.keyRetention());
        List<RevocationEvent> events = new ArrayList<>();
        for (int i = 0; i < REVOKED_ACCESS_TOKENS; i++) {
            events.add(new RevocationEvent.AccessTokenRevoked(Entropy.identifier(), until));
        }
        for (int i = 0; i < REVOKED_GRANTS; i++) {
            events.add(new RevocationEvent.GrantRevoked(GrantId.random(), until));
        }
        events.add(new RevocationEvent.SubjectEpochAdvanced(user, USER_EPOCH));
        for (int i = 1; i < SUBJECT_EPOCHS; i++) {
            events.add(new RevocationEvent.SubjectEpochAdvanced(Subject.random(), 1 + i % 5));
        }
        for (int i = 0; i < CLIENT_EPOCHS; i++) {
            events.add(new RevocationEvent.ClientEpochAdvanced(new ClientId("client-" + i), CLIENT_EPOCH));
        }
        for (int i = 0; i < REVOKED_KEYS; i++) {
            events.add(new RevocationEvent.SigningKeyRevoked(Entropy.identifier()));
        }
        revokedJti = ((RevocationEvent.AccessTokenRevoked) events.get(REVOKED_ACCESS_TOKENS / 2)).jti();
        var catchUp = new RevocationCatchUp(new StartLog(events), state, clock, System::nanoTime);
        staleness = new StalenessBound(catchUp, Fixtures.SETTINGS.revocation().stalenessBound());
        catchUp.catchUp();
    }

    RevocationState state() {
        return state;
    }

    StalenessBound staleness() {
        return staleness;
    }

    /** Nothing revoked kills it: every lookup is made, and misses (or finds a current epoch). */
    AccessTokenClaims liveToken() {
        return token(Entropy.identifier(), new Epochs(USER_EPOCH, CLIENT_EPOCH));
    }

    /** Its {@code jti} was revoked (the access-token revocation API): the first lookup kills it. */
    AccessTokenClaims revokedToken() {
        return token(revokedJti, new Epochs(USER_EPOCH, CLIENT_EPOCH));
    }

    /** Minted before its user's last global revocation: every lookup is made, the subject epoch kills it. */
    AccessTokenClaims tokenBehindItsUsersEpoch() {
        return token(Entropy.identifier(), new Epochs(USER_EPOCH - 1, CLIENT_EPOCH));
    }

    private AccessTokenClaims token(String jti, Epochs epochs) {
        return Fixtures.accessToken(jti, user, client, GrantId.random(), epochs);
    }

    /** The whole state at the first read, nothing new afterwards. */
    private record StartLog(List<RevocationEvent> events) implements RevocationLog {
        private static final LogPosition POSITION = new LogPosition("bench", 1);

        @Override
        public LogRead readAll(Instant now) {
            return new LogRead(POSITION, events, true);
        }

        @Override
        public LogRead readSince(LogPosition from, Instant now) {
            return new LogRead(from, List.of(), false);
        }
    }
}
