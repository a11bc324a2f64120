package io.rescind.core.logout;

import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.secret.CsrfTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * The confirmation form of a logout: a handle that carries the pending request's parameters (validated again when
 * the form comes back, so nothing the form adds is ever trusted) and a CSRF token, an HMAC over the handle and the
 * browser's session cookie. A form posted from another site lacks the cookie; a form of another browser or of an
 * earlier session carries a token that does not match.
 */
public final class LogoutConfirmations {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final CsrfTokens csrf;

    /** @param csrfKey a key of its own, not the login form's */
    public LogoutConfirmations(byte[] csrfKey) {
        this.csrf = new CsrfTokens(csrfKey);
    }

    /** The handle of a pending request: its protocol parameters, form-encoded, in base64url. */
    public String handle(EndSessionRequest request) {
        String encoded = request.parameters().values().entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return ENCODER.encodeToString(encoded.getBytes(StandardCharsets.UTF_8));
    }

    /** The parameters a handle carries, to parse and validate again; {@code invalid_request} if it is malformed. */
    public FormParameters parameters(String handle) {
        try {
            return FormParameters.parse(new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8))
                    .only(EndSessionRequest.PARAMETERS);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_REQUEST.exception("malformed logout handle");
        }
    }

    public String csrfToken(String handle, String sessionCookie) {
        return csrf.token(handle, sessionCookie);
    }

    public boolean checkCsrf(String handle, String sessionCookie, String presented) {
        return csrf.check(handle, sessionCookie, presented);
    }
}
