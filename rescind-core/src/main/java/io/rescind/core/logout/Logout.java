package io.rescind.core.logout;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.session.LoginSession;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.user.Subject;
import java.util.Optional;
import java.util.function.Function;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2-§3): decides whether a request ends the browser's
 * session at once, needs the user's confirmation, or finds nothing to end, and ends a session through the revocation
 * cascade (its online grants, its pending codes, back-channel notices to the clients that took part in it).
 */
public final class Logout {
    /** What an end-session request comes to, given the browser's current session. */
    public sealed interface Decision {
        /** The hint names the browser's session: end it without asking. */
        record EndNow(LoginSession session) implements Decision {}

        /**
         * Anyone can send a browser here, so without a hint naming its session the user confirms (§3: the OP
         * SHOULD ask whether the user wants to log out).
         */
        record Confirm(LoginSession session) implements Decision {}

        /** The browser has no live session. */
        record NothingToEnd() implements Decision {}
    }

    private final Revocations revocations;
    private final JwtVerifier idTokenHints;
    private final Function<ClientId, Optional<Client>> clients;

    /**
     * @param idTokenHints a verifier pinned to the ID token's {@code typ} that ignores expiry
     * @param clients finds an active client
     */
    public Logout(Revocations revocations, JwtVerifier idTokenHints, Function<ClientId, Optional<Client>> clients) {
        this.revocations = revocations;
        this.idTokenHints = idTokenHints;
        this.clients = clients;
    }

    /** Throws {@code invalid_request} for a request that cannot be honoured as sent. */
    public EndSessionRequest parse(FormParameters params) {
        return EndSessionRequest.parse(params, idTokenHints, clients);
    }

    public Decision decide(EndSessionRequest request, Optional<LoginSession> current) {
        if (current.isEmpty()) {
            return new Decision.NothingToEnd();
        }
        return request.hintMatches(current.get())
                ? new Decision.EndNow(current.get())
                : new Decision.Confirm(current.get());
    }

    /** Ends the session, by the user's own request, with everything the cascade binds to it. */
    public void end(LoginSession session, Optional<String> callerIp) {
        revocations.revoke(
                new RevocationTarget.Sessions(session.sub(), Optional.of(session.sid())),
                new RevocationAudit("user:" + session.sub(), RevocationInterface.END_SESSION, callerIp, "end_session"));
    }

    /**
     * Ends the session of the browser where {@code newUser} just logged in, with everything the cascade binds to it:
     * its user is logged out of that browser, as by {@code /end_session}.
     */
    public void endForAnotherLogin(LoginSession session, Subject newUser, Optional<String> callerIp) {
        revocations.revoke(
                new RevocationTarget.Sessions(session.sub(), Optional.of(session.sid())),
                new RevocationAudit("user:" + newUser, RevocationInterface.LOGIN, callerIp, "another_user_logged_in"));
    }
}
