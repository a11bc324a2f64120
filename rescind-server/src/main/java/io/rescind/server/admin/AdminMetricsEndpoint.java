package io.rescind.server.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.logout.BackChannelOutbox;
import io.rescind.core.revocation.LogPosition;
import io.rescind.core.revocation.RevocationCatchUp;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.core.token.VerifiedAccessTokens;
import io.rescind.store.PoolUse;
import io.rescind.store.StoreException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code GET /admin/metrics}: this node's numbers in the Prometheus text format (issue 4): how old and where its
 * revocation state is, how many requests it refused for want of a fresh state, how often an access token's signature
 * check was saved, the back-channel logout backlog and the database pool's use. It answers while the database is down
 * (that is when it matters): what needs the database is then left out and {@code rescind_store_up} is 0.
 */
public final class AdminMetricsEndpoint implements Handler {
    private final RevocationCatchUp catchUp;
    private final StalenessBound staleness;
    private final RevocationState state;
    private final VerifiedAccessTokens verified;
    private final BackChannelOutbox outbox;
    private final Supplier<PoolUse> pool;

    public AdminMetricsEndpoint(
            RevocationCatchUp catchUp,
            StalenessBound staleness,
            RevocationState state,
            VerifiedAccessTokens verified,
            BackChannelOutbox outbox,
            Supplier<PoolUse> pool) {
        this.catchUp = catchUp;
        this.staleness = staleness;
        this.state = state;
        this.verified = verified;
        this.outbox = outbox;
        this.pool = pool;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        var page = new PrometheusText()
                .gauge(
                        "rescind_revocation_state_age_seconds",
                        "Time since the last successful read of the revocation log began: how stale this node's"
                                + " revocation state is.",
                        catchUp.age().map(AdminMetricsEndpoint::seconds).orElse(Double.NaN))
                .gauge(
                        "rescind_revocation_staleness_bound_seconds",
                        "L: the oldest revocation state this node answers from.",
                        seconds(staleness.bound()))
                .gauge(
                        "rescind_revocation_log_horizon",
                        "The transaction horizon below which this node has read every revocation log entry.",
                        catchUp.position().map(p -> (double) p.horizon()).orElse(Double.NaN))
                .gauge(
                        "rescind_revocation_log_generation_info",
                        "The revocation log generation this node reads (a restored database has a new one).",
                        "generation",
                        Map.of(catchUp.position().map(LogPosition::generation).orElse(""), 1))
                .gauge(
                        "rescind_revocation_state_entries",
                        "Entries of the in-memory revocation state: revoked tokens and grants, epochs, keys.",
                        state.size())
                .counter(
                        "rescind_revocation_catch_up_failures_total",
                        "Reads of the revocation log that failed.",
                        catchUp.failures())
                .counter(
                        "rescind_revocation_state_unconfirmed_total",
                        "Requests answered 503 because the revocation state could not be brought within L.",
                        staleness.refused())
                .counter(
                        "rescind_access_token_cache_hits_total",
                        "Access tokens found verified already: their signature check was skipped (never their"
                                + " revocation check).",
                        verified.hits())
                .counter(
                        "rescind_access_token_cache_misses_total",
                        "Access tokens whose signature was checked: not seen before, or forgotten.",
                        verified.misses())
                .gauge(
                        "rescind_access_token_cache_entries",
                        "Verified access tokens remembered (access_token_cache_entries bounds it).",
                        verified.size());
        PoolUse use = pool.get();
        page.gauge(
                        "rescind_db_pool_connections",
                        "Database pool connections by state.",
                        "state",
                        Map.of("active", use.active(), "idle", use.idle()))
                .gauge("rescind_db_pool_max_connections", "The pool's size limit.", use.max())
                .gauge("rescind_db_pool_waiting_threads", "Requests waiting for a pool connection.", use.waiting());
        OptionalLong backlog = backlog();
        page.gauge("rescind_store_up", "1 when the database answered this scrape.", backlog.isPresent() ? 1 : 0);
        if (backlog.isPresent()) {
            page.gauge(
                    "rescind_backchannel_outbox_backlog",
                    "Back-channel logout notices waiting for delivery (cluster-wide).",
                    backlog.getAsLong());
        }
        res.header(HeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(page.text());
    }

    private OptionalLong backlog() {
        try {
            return OptionalLong.of(outbox.backlog());
        } catch (StoreException e) {
            return OptionalLong.empty();
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
