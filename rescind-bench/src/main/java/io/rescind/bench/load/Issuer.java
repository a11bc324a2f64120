package io.rescind.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Pre-issues what a scenario needs over HTTP, with {@code workers} requests in flight (each worker a virtual thread
 * with its own state: a browser with its own session, for code grants).
 */
final class Issuer {
    /** Requests in flight while pre-issuing. */
    static final int WORKERS = 16;

    private final Http http;
    private final BenchConfig config;
    /** One browser a worker, each of its own pool user, kept from one pool to the next (one login each). */
    private final List<UserAgent> agents;

    Issuer(Http http, BenchConfig config) {
        this.http = http;
        this.config = config;
        this.agents = IntStream.range(0, WORKERS)
                .mapToObj(w -> new UserAgent(http.base(), config.web(), config.user(BenchConfig.poolUid(w))))
                .toList();
    }

    /** {@code count} access tokens of {@code client_credentials} grants of the service client. */
    List<String> clientCredentials(int count) {
        return inParallel(
                count,
                w -> http,
                (h, i) -> h.postForm(
                                "/token",
                                Map.of("grant_type", "client_credentials"),
                                "Authorization",
                                config.service().basic())
                        .expect(200, "client_credentials token")
                        .json()
                        .path("access_token")
                        .asText());
    }

    /** {@code count} grants of the pool users through the code flow, in one session a worker. */
    List<UserAgent.CodeGrant> codeGrants(int count) {
        return inParallel(count, agents::get, (agent, i) -> agent.grant());
    }

    /** RFC 7009 revocation of each token by the client it was issued to. */
    void revoke(BenchConfig.BenchClient client, List<String> tokens, String tokenTypeHint) {
        inParallel(
                tokens.size(),
                w -> http,
                (h, i) -> h.postForm(
                                "/oauth/revoke",
                                Map.of("token", tokens.get(i), "token_type_hint", tokenTypeHint),
                                "Authorization",
                                client.basic())
                        .expect(200, "RFC 7009 revocation"));
    }

    /**
     * Runs {@code task} for 0..count-1 on {@link #WORKERS} virtual threads, each with its own state; answers the
     * results in index order, or throws the first failure.
     */
    private <S, T> List<T> inParallel(int count, IntFunction<S> state, BiFunction<S, Integer, T> task) {
        var results = new AtomicReferenceArray<T>(count);
        var next = new AtomicInteger();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < Math.min(WORKERS, count); w++) {
                S own = state.apply(w);
                running.add(executor.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        results.set(i, task.apply(own, i));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                await(worker, running);
            }
        }
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(results.get(i));
        }
        return out;
    }

    private static void await(Future<?> worker, List<Future<?>> all) {
        try {
            worker.get();
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof LoadException load
                    ? load
                    : new LoadException("pre-issuing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted while pre-issuing", e);
        }
    }
}
