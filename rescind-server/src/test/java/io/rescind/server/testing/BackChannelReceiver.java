package io.rescind.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rescind.core.protocol.FormParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An RP's back-channel logout endpoint on 127.0.0.1 (OIDC Back-Channel Logout 1.0 §2.5): records every request and
 * answers with the statuses a test scripts per path (200 unless told otherwise; the last one scripted repeats), at
 * once or after a delay scripted per path.
 */
public final class BackChannelReceiver implements AutoCloseable {
    /** One request as received. */
    public record Received(String method, String path, String contentType, String body) {
        /** The {@code logout_token} form parameter. */
        public String logoutToken() {
            return FormParameters.parse(body).require("logout_token");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    private BackChannelReceiver(HttpServer server) {
        this.server = server;
    }

    public static BackChannelReceiver start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            var receiver = new BackChannelReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/<path>}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    /** Scripts the answers at {@code path}, in order; the last one repeats. */
    public void answer(String path, Integer... statuses) {
        answers.put("/" + path, new ArrayDeque<>(List.of(statuses)));
    }

    /** Answers every request at {@code path} {@code delay} after it arrived: a slow RP. */
    public void answerAfter(String path, Duration delay) {
        delays.put("/" + path, delay);
    }

    /** What arrived at {@code path}, in order. */
    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals("/" + path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            sleep(delays.getOrDefault(path, Duration.ZERO));
            exchange.sendResponseHeaders(next(path), -1);
        }
    }

    private int next(String path) {
        Deque<Integer> scripted = answers.get(path);
        if (scripted == null) {
            return 200;
        }
        synchronized (scripted) {
            return scripted.size() > 1 ? scripted.removeFirst() : scripted.getFirst();
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
