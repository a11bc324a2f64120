package io.rescind.core.client;

import io.rescind.core.protocol.OAuthError;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The rules a registered redirect URI must follow (RFC 6749 §3.1.2, RFC 8252 §7, OAuth 2.0 Security BCP §4.1):
 * absolute, no fragment, and https unless it is a loopback http URI or a private-use scheme of a native app.
 */
public final class RedirectUris {
    private RedirectUris() {}

    public static URI parseRegistered(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthError.INVALID_REDIRECT_URI.exception("redirect URI is not a valid URI: " + value);
        }
        if (!uri.isAbsolute() || uri.getRawFragment() != null) {
            throw OAuthError.INVALID_REDIRECT_URI.exception(
                    "redirect URI must be absolute, without fragment: " + value);
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean allowed = switch (scheme) {
            case "https" -> uri.getHost() != null;
            case "http" -> isLoopback(uri.getHost());
            case "javascript", "data", "file", "vbscript" -> false;
            default -> scheme.contains(".");
        };
        if (!allowed) {
            throw OAuthError.INVALID_REDIRECT_URI.exception(
                    "redirect URI must use https, http on a loopback host, or a private-use scheme: " + value);
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    /**
     * The web origin of a URI ({@code scheme://host[:port]}), for CORS, serialised as a browser sends it in
     * {@code Origin}: without the scheme's default port (RFC 6454 §6.2), or {@code https://host:443/cb} would never
     * match.
     */
    public static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String port = uri.getPort() < 0 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + port;
    }
}
