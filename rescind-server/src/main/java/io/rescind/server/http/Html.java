package io.rescind.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.secret.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTML pages: escaping of every dynamic value, and the headers that keep a page from being framed (clickjacking),
 * sniffed, cached or leaking its URL through Referer. The page's one inline style is allowed by its hash; no script.
 */
public final class Html {
    public static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem;color:#222}
            h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}
            input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}
            .error{color:#a00}""";
    private static final String CSP =
            "default-src 'none'; style-src '" + sha256(STYLE) + "'; frame-ancestors 'none'; base-uri 'none'";

    private Html() {}

    public static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>" + body
                + "</body></html>";
    }

    public static void send(ServerResponse res, int status, String html) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html;charset=UTF-8");
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        Responses.noStore(res);
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }

    /** An error shown to the user, never redirected: the client or its redirect URI could not be trusted. */
    public static void error(ServerResponse res, int status, String title, String message) {
        send(res, status, page(title, "<h1>" + escape(title) + "</h1><p class=\"error\">" + escape(message) + "</p>"));
    }

    private static String sha256(String text) {
        return "sha256-" + Base64.getEncoder().encodeToString(Sha256.of(text));
    }
}
