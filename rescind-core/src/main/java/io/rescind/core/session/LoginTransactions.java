package io.rescind.core.session;

import io.rescind.core.protocol.FormParameters;
import io.rescind.core.secret.CsrfTokens;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Login transactions and the CSRF token of the login form, bound to a pre-login browser cookie: a form posted from
 * another site lacks the cookie, and a form of another browser carries a token that does not match its cookie.
 */
public final class LoginTransactions {
    private final LoginTransactionStore store;
    private final OpaqueTokens tokens;
    private final CsrfTokens csrf;
    private final ServerSettings settings;
    private final Clock clock;

    public LoginTransactions(
            LoginTransactionStore store, OpaqueTokens tokens, byte[] csrfKey, ServerSettings settings, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.csrf = new CsrfTokens(csrfKey);
        this.settings = settings;
        this.clock = clock;
    }

    /** A stored transaction: its handle, and the browser cookie it is bound to (reused when the browser had one). */
    public record Started(String handle, String browserCookie) {
        @Override
        public String toString() {
            return "Started[...]";
        }
    }

    public Started start(FormParameters authorizationRequest, Optional<String> browserCookie) {
        String browser = browserCookie
                .filter(c -> tokens.isGenuine(OpaqueTokenKind.BROWSER, c))
                .orElseGet(() -> tokens.mint(OpaqueTokenKind.BROWSER));
        String handle = tokens.mint(OpaqueTokenKind.LOGIN_TRANSACTION);
        store.save(
                OpaqueTokens.storageHash(handle),
                new LoginTransaction(
                        authorizationRequest,
                        OpaqueTokens.storageHash(browser),
                        clock.instant().plus(settings.loginTransactionTtl())));
        return new Started(handle, browser);
    }

    /** The transaction, if the handle is live and bound to this browser's cookie. */
    public Optional<LoginTransaction> find(String handle, String browserCookie) {
        if (!tokens.isGenuine(OpaqueTokenKind.LOGIN_TRANSACTION, handle)) {
            return Optional.empty();
        }
        return store.find(OpaqueTokens.storageHash(handle), clock.instant())
                .filter(tx -> MessageDigest.isEqual(tx.browserHash(), OpaqueTokens.storageHash(browserCookie)));
    }

    /** Takes the transaction out for good, once the login succeeded. */
    public Optional<LoginTransaction> complete(String handle, String browserCookie) {
        return find(handle, browserCookie)
                .flatMap(tx -> store.consume(OpaqueTokens.storageHash(handle), clock.instant()));
    }

    /** The CSRF token of the login form: HMAC over the transaction handle and the browser cookie. */
    public String csrfToken(String handle, String browserCookie) {
        return csrf.token(handle, browserCookie);
    }

    public boolean checkCsrf(String handle, String browserCookie, String presented) {
        return csrf.check(handle, browserCookie, presented);
    }
}
