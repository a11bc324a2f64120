package io.rescind.server.logout;

import io.rescind.core.logout.DeliveryResult;
import io.rescind.core.logout.LogoutTokenSender;
import io.rescind.server.outbound.OutboundPolicy;
import io.rescind.server.outbound.SafeFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends a logout token as Back-Channel Logout 1.0 §2.5 says, a form POST of {@code logout_token}, through the
 * {@link SafeFetcher} (DESIGN §4), and says what happened without ever repeating the token.
 */
public final class BackChannelSender implements LogoutTokenSender {
    private final SafeFetcher fetcher;

    public BackChannelSender(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public DeliveryResult send(URI backchannelLogoutUri, String logoutToken) {
        try {
            int status = fetcher.postForm(
                    backchannelLogoutUri, "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8));
            return new DeliveryResult.Answered(status);
        } catch (OutboundPolicy.UnresolvableHost e) {
            return new DeliveryResult.Unreachable(e.getMessage());
        } catch (OutboundPolicy.OutboundRefused e) {
            return new DeliveryResult.Refused(e.getMessage());
        } catch (IOException e) {
            return new DeliveryResult.Unreachable(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (IllegalArgumentException e) {
            // A registered URI the HTTP client cannot use (no scheme it knows, say): it will not get better.
            return new DeliveryResult.Refused("unusable URI: " + e.getMessage());
        }
    }
}
