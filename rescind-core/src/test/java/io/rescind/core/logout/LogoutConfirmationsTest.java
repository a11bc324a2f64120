package io.rescind.core.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.secret.Entropy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The logout confirmation form: a handle validated again on return, a CSRF token bound to the session cookie. */
class LogoutConfirmationsTest {
    final LogoutConfirmations confirmations = new LogoutConfirmations(Entropy.bytes(32));
    final String cookie = "rsc_ss_" + Entropy.base64url(32);

    static EndSessionRequest request(Map<String, String> params) {
        return new EndSessionRequest(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), new FormParameters(params));
    }

    @Test
    void theHandleCarriesTheRequestsParametersBack() {
        var params =
                Map.of("client_id", "app", "state", "a b&c=d", "post_logout_redirect_uri", "https://a.example/?x=1");

        String handle = confirmations.handle(request(params));

        assertThat(confirmations.parameters(handle).values()).isEqualTo(params);
    }

    @Test
    void aHandleCarriesNoParameterBeyondTheProtocolsOwn() {
        String forged =
                java.util.Base64.getUrlEncoder().encodeToString("client_id=app&redirect=https://evil".getBytes());

        assertThat(confirmations.parameters(forged).values()).containsOnlyKeys("client_id");
    }

    @Test
    void aMalformedHandleIsAnInvalidRequest() {
        assertThatThrownBy(() -> confirmations.parameters("not base64!")).isInstanceOf(OAuthException.class);
    }

    @Test
    void theCsrfTokenOfThisHandleAndCookieChecks() {
        String handle = confirmations.handle(request(Map.of("client_id", "app")));

        assertThat(confirmations.checkCsrf(handle, cookie, confirmations.csrfToken(handle, cookie)))
                .isTrue();
    }

    @Test
    void theCsrfTokenOfAnotherCookieDoesNotCheck() {
        String handle = confirmations.handle(request(Map.of("client_id", "app")));
        String other = "rsc_ss_" + Entropy.base64url(32);

        assertThat(confirmations.checkCsrf(handle, cookie, confirmations.csrfToken(handle, other)))
                .isFalse();
    }

    @Test
    void theCsrfTokenOfAnotherHandleDoesNotCheck() {
        String handle = confirmations.handle(request(Map.of("client_id", "app")));
        String changed = confirmations.handle(request(Map.of("client_id", "app", "state", "x")));

        assertThat(confirmations.checkCsrf(changed, cookie, confirmations.csrfToken(handle, cookie)))
                .isFalse();
    }

    @Test
    void anEmptyCsrfTokenDoesNotCheck() {
        String handle = confirmations.handle(request(Map.of("client_id", "app")));

        assertThat(confirmations.checkCsrf(handle, cookie, "")).isFalse();
    }
}
