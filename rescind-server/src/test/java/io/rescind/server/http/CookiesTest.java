package io.rescind.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The cookie attributes of the login flow (RFC 6265bis §4.1.3.2 for the {@code __Host-} prefix). The end-to-end tests
 * run over http; the https variant is pinned here on the class itself.
 */
class CookiesTest {
    /** The Set-Cookie values a response received. */
    static List<String> setCookies(java.util.function.Consumer<ServerResponse> writer) {
        var written = new ArrayList<String>();
        ServerResponse res = (ServerResponse) Proxy.newProxyInstance(
                ServerResponse.class.getClassLoader(), new Class<?>[] {ServerResponse.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("header")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (args[0] instanceof Header header) {
                        if (header.headerName().equals(HeaderNames.SET_COOKIE)) {
                            written.addAll(header.allValues());
                        }
                    } else if (args[0] instanceof HeaderName name && name.equals(HeaderNames.SET_COOKIE)) {
                        written.addAll(List.of((String[]) args[1]));
                    }
                    return proxy;
                });
        writer.accept(res);
        return written;
    }

    static ServerRequest requestWithCookieHeader(String cookieHeader) {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.add(HeaderNames.COOKIE, cookieHeader);
        ServerRequestHeaders requestHeaders = ServerRequestHeaders.create(headers);
        return (ServerRequest) Proxy.newProxyInstance(
                ServerRequest.class.getClassLoader(), new Class<?>[] {ServerRequest.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("headers")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return requestHeaders;
                });
    }

    @Nested
    class HttpsIssuer {
        final Cookies cookies = Cookies.forIssuer(java.net.URI.create("https://rescind.example"));

        @Test
        void cookieNameCarriesTheHostPrefix() {
            assertThat(setCookies(res -> cookies.set(res, Cookies.SESSION, "v")))
                    .singleElement()
                    .satisfies(c -> assertThat(c).startsWith("__Host-rescind_session=v;"));
        }

        @Test
        void cookieIsSecureHttpOnlySameSiteLaxWithPathSlashAndNoDomain() {
            assertThat(setCookies(res -> cookies.set(res, Cookies.BROWSER, "v")))
                    .singleElement()
                    .satisfies(c -> assertThat(c)
                            .contains("; Secure")
                            .contains("; HttpOnly")
                            .contains("; SameSite=Lax")
                            .contains("; Path=/")
                            .doesNotContain("Domain="));
        }

        @Test
        void cookieWithAMaxAgeKeepsEveryAttribute() {
            assertThat(setCookies(res -> cookies.set(res, Cookies.SESSION, "v", Duration.ofMinutes(2))))
                    .singleElement()
                    .satisfies(c -> assertThat(c)
                            .startsWith("__Host-rescind_session=v;")
                            .contains("; Secure")
                            .contains("; HttpOnly")
                            .contains("; SameSite=Lax")
                            .endsWith("; Max-Age=120"));
        }

        @Test
        void clearingExpiresTheSameCookie() {
            assertThat(setCookies(res -> cookies.clear(res, Cookies.SESSION)))
                    .singleElement()
                    .satisfies(c -> assertThat(c)
                            .startsWith("__Host-rescind_session=;")
                            .contains("; Secure")
                            .contains("Max-Age=0"));
        }

        @Test
        void readsOnlyTheHostPrefixedCookie() {
            assertThat(cookies.read(requestWithCookieHeader("rescind_session=plain"), Cookies.SESSION))
                    .isEmpty();
            assertThat(cookies.read(
                            requestWithCookieHeader("rescind_session=plain; __Host-rescind_session=prefixed"),
                            Cookies.SESSION))
                    .contains("prefixed");
        }
    }

    @Nested
    class HttpIssuer {
        final Cookies cookies = Cookies.forIssuer(java.net.URI.create("http://127.0.0.1:8080"));

        @Test
        void cookieHasNoPrefixAndIsNotSecure() {
            assertThat(setCookies(res -> cookies.set(res, Cookies.SESSION, "v")))
                    .singleElement()
                    .satisfies(c -> assertThat(c)
                            .startsWith("rescind_session=v;")
                            .doesNotContain("Secure")
                            .contains("; HttpOnly")
                            .contains("; SameSite=Lax"));
        }

        @Test
        void malformedCookieHeaderIsNoCookie() {
            assertThat(cookies.read(requestWithCookieHeader("rescind_session"), Cookies.SESSION))
                    .isEmpty();
        }

        @Test
        void emptyCookieIsNoCookie() {
            assertThat(cookies.read(requestWithCookieHeader("rescind_session="), Cookies.SESSION))
                    .isEmpty();
        }
    }
}
