package io.rescind.core.logout;

import java.net.URI;

/** Sends a logout token to a receiver (implemented at the HTTP edge, under the outbound policy). */
public interface LogoutTokenSender {
    DeliveryResult send(URI backchannelLogoutUri, String logoutToken);
}
