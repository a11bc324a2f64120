package io.rescind.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The load scenarios of issue 5, by the name {@code ./bench} takes. */
enum Scenario {
    /** Starts servers of its own, several times, and times them: no wrk, no shared server (so it runs first). */
    STARTUP(
            "startup",
            "java command to first POST /token 200: first starts and restarts, without and with an AOT cache",
            Optional.empty()),
    ISSUANCE(
            "issuance",
            "POST /token client_credentials: an ES256 access token, no database write",
            Scenarios::issuance),
    INTROSPECTION_WARM(
            "introspection-warm",
            "POST /introspect of 10,000 distinct live tokens, each many times",
            Scenarios::introspectionWarm),
    INTROSPECTION_COLD(
            "introspection-cold",
            "POST /introspect of each pre-issued token once (pool sized from the warm-up's rate)",
            Scenarios::introspectionCold),
    INTROSPECTION_REVOKED(
            "introspection-revoked",
            "POST /introspect of 10,000 tokens revoked beforehand (RFC 7009): active:false",
            Scenarios::introspectionRevoked),
    REVOCATION_REFRESH(
            "revocation-refresh",
            "POST /oauth/revoke (RFC 7009) of pre-issued refresh tokens, each once: its grant dies",
            Scenarios::revocationRefresh),
    REVOCATION_ACCESS(
            "revocation-access",
            "POST /oauth/revoke (RFC 7009) of pre-issued access tokens of code grants, each once",
            Scenarios::revocationAccess),
    REFRESH(
            "refresh",
            "POST /token refresh_token with rotation: chains of the newest refresh token, two a connection",
            Scenarios::refresh),
    GLOBAL_REVOCATION(
            "global-revocation",
            "POST /global-token-revocation of users holding 1, 100, 10,000, 100,000 grants: p50/p99 by size",
            Scenarios::globalRevocation),
    USERINFO("userinfo", "GET /userinfo with 1,000 access tokens of code grants, in turn", Scenarios::userinfo),
    SOAK(
            "soak",
            "10 minutes of issue, introspect twice, revoke (RFC 7009), introspect the revoked token; 60 s tokens:"
                    + " memory at the start, its max and its slope at the end",
            Scenarios::soak);

    /** What a scenario does with a server: its measured runs (one, or one per variant). */
    @FunctionalInterface
    interface Body {
        List<Measurement> run(Bench bench);
    }

    private final String id;
    private final String summary;
    private final Optional<Body> body;

    Scenario(String id, String summary, Body body) {
        this(id, summary, Optional.of(body));
    }

    Scenario(String id, String summary, Optional<Body> body) {
        this.id = id;
        this.summary = summary;
        this.body = body;
    }

    String id() {
        return id;
    }

    String summary() {
        return summary;
    }

    /** Whether it starts and times servers of its own ({@link Startup}) rather than load one the driver started. */
    boolean startsItsOwnServers() {
        return body.isEmpty();
    }

    List<Measurement> run(Bench bench) {
        return body.orElseThrow(() -> new IllegalStateException(id + " starts servers of its own"))
                .run(bench);
    }

    static Optional<Scenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
