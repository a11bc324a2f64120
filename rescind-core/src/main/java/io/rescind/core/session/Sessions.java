package io.rescind.core.session;

import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.user.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

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

    public boolean end(SessionId sid, String reason) {
        return store.end(sid, clock.instant(), reason);
    }
}
