package io.rescind.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Outbound POSTs of logout tokens (DESIGN §4): the policy first, no redirects, one deadline, no body read. */
class SafeFetcherTest {
    final HttpServer server = start();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final SafeFetcher allowListed = new SafeFetcher(new OutboundPolicy(Set.of("127.0.0.1")), Duration.ofSeconds(1));

    static HttpServer start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    URI at(String path, HttpHandler handler) {
        server.createContext("/" + path, exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type"));
                handler.handle(exchange);
            }
        });
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    static HttpHandler status(int status) {
        return exchange -> exchange.sendResponseHeaders(status, -1);
    }

    @Nested
    class PostForm {
        @Test
        void postsTheFormAndAnswersTheStatus() throws Exception {
            URI uri = at("ok", status(204));

            assertThat(allowListed.postForm(uri, "logout_token=abc")).isEqualTo(204);
            assertThat(bodies).containsExactly("logout_token=abc application/x-www-form-urlencoded");
        }

        @Test
        void aRedirectIsAnsweredNotFollowed() throws Exception {
            URI target = at("target", status(200));
            URI uri = at("moved", exchange -> {
                exchange.getResponseHeaders().add("Location", target.toString());
                exchange.sendResponseHeaders(307, -1);
            });

            assertThat(allowListed.postForm(uri, "logout_token=abc")).isEqualTo(307);
            assertThat(bodies).hasSize(1);
        }

        @Test
        void anAnswerWhoseBodyNeverEndsStillGivesItsStatus() throws Exception {
            URI uri = at("drip", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(new byte[1024]);
                out.flush();
                awaitRelease();
            });

            assertThat(allowListed.postForm(uri, "logout_token=abc")).isEqualTo(200);
        }

        @Test
        void aReceiverThatNeverAnswersIsCutOffAtTheDeadline() {
            URI uri = at("silent", exchange -> awaitRelease());

            assertThatThrownBy(() -> allowListed.postForm(uri, "logout_token=abc"))
                    .isInstanceOf(IOException.class)
                    .hasMessageNotContaining("abc");
        }

        @Test
        void aUriThePolicyRefusesIsNeverConnected() {
            var strict = new SafeFetcher(new OutboundPolicy(Set.of()), Duration.ofSeconds(1));
            URI uri = at("refused", status(200));

            assertThatThrownBy(() -> strict.postForm(uri, "logout_token=abc"))
                    .isInstanceOf(OutboundPolicy.OutboundRefused.class);
            assertThat(bodies).isEmpty();
        }
    }

    void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
