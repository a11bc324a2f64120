package io.rescind.core.session;

import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.user.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts, finds and ends login sessions, with the idle and absolute lifetimes of the settings. */
public final class Sessions {
    private final SessionStore store;
    private final OpaqueTokens tokens;
    private final ServerSettings settings;
    private final Clock clock;

    public Sessions(SessionStore store, OpaqueTokens tokens, ServerSettings settings, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    /** A session started by a login just now. */
    public record Started(LoginSession session, String cookie) {
        @Override
        public String toString() {
            return "Started[" + session.sid() + "]";
        }
    }

    /** Starts a fresh session with a fresh id and cookie: a login never reuses an earlier session (fixation). */
    public Started start(Subject sub) {
        Instant now = clock.instant();
        var session = new LoginSession(SessionId.random(), sub, now, now, now.plus(settings.sessionMaxLifetime()));
        String cookie = tokens.mint(OpaqueTokenKind.SESSION);
        store.create(session, OpaqueTokens.storageHash(cookie));
        return new Started(session, cookie);
    }

    public Optional<LoginSession> current(String cookie) {
        if (!tokens.isGenuine(OpaqueTokenKind.SESSION, cookie)) {
            return Optional.empty();
        }
        return store.findLive(OpaqueTokens.storageHash(cookie), clock.instant(), settings.sessionIdleTimeout());
    }

    /**
     * The session a successful login leaves the browser with; its cookie is always new (no fixation). The same user
     * logging in again ({@code prompt=login}, {@code max_age}) continues the earlier session: the same {@code sid}, so
     * the grants made in it live on, with a new {@code auth_time} and lifetime. Another user's login first ends the
     * earlier session with its cascade ({@code endEarlier}): that user is logged out of this browser.
     */
    public Started afterLogin(Optional<LoginSession> earlier, Subject sub, Consumer<LoginSession> endEarlier) {
        if (earlier.isPresent() && earlier.get().sub().equals(sub)) {
            Optional<Started> renewed = renew(earlier.get());
            if (renewed.isPresent()) {
                return renewed.get();
            }
        } else {
            earlier.ifPresent(endEarlier);
        }
        return start(sub);
    }

    /** Empty when the session ended meanwhile (a revocation won the race): the login then starts a new one. */
    private Optional<Started> renew(LoginSession session) {
        Instant now = clock.instant();
        var renewed = new LoginSession(session.sid(), session.sub(), now, now, now.plus(settings.sessionMaxLifetime()));
        String cookie = tokens.mint(OpaqueTokenKind.SESSION);
        return store.renew(renewed, OpaqueTokens.storageHash(cookie))
                ? Optional.of(new Started(renewed, cookie))
                : Optional.empty();
    }
}
