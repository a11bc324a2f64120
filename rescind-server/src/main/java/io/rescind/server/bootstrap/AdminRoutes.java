package io.rescind.server.bootstrap;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.rescind.core.admin.AdminCredential;
import io.rescind.core.protocol.OAuthError;
import io.rescind.server.admin.AdminAuditEndpoint;
import io.rescind.server.admin.AdminAuthentication;
import io.rescind.server.admin.AdminBackChannelLogoutsEndpoint;
import io.rescind.server.admin.AdminClientsEndpoint;
import io.rescind.server.admin.AdminFlagsEndpoint;
import io.rescind.server.admin.AdminGrantsEndpoint;
import io.rescind.server.admin.AdminMetricsEndpoint;
import io.rescind.server.admin.AdminRevocationsEndpoint;
import io.rescind.server.admin.AdminSessionsEndpoint;
import io.rescind.server.admin.AdminUsersEndpoint;
import io.rescind.server.http.ErrorHandling;
import io.rescind.server.http.RequestBodies;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin API's routing, on its own listener: every handler, the 405 and 404 answers included, is behind the admin
 * credential.
 */
final class AdminRoutes {
    /** Admin requests are small; a bigger body is refused early. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    private AdminRoutes() {}

    static HttpRouting.Builder of(Services s, AdminCredential credential) {
        var guard = new AdminAuthentication(credential);
        var bodies = new RequestBodies(MAX_BODY_BYTES);
        var a = s.admin();
        var users = new AdminUsersEndpoint(s.store().users(), a.users());
        var clients = new AdminClientsEndpoint(s.store().clients(), a.clients());
        var flags = new AdminFlagsEndpoint(s.features(), bodies);
        var routing = HttpRouting.builder();
        Map<String, String> allowed = new LinkedHashMap<>();
        route(routing, guard, allowed, Method.GET, "/admin/users", users::list);
        route(routing, guard, allowed, Method.GET, "/admin/users/{uid}", users::show);
        route(routing, guard, allowed, Method.DELETE, "/admin/users/{uid}", users::delete);
        route(routing, guard, allowed, Method.POST, "/admin/users/{uid}/disable", users::disable);
        route(routing, guard, allowed, Method.GET, "/admin/clients", clients::list);
        route(routing, guard, allowed, Method.GET, "/admin/clients/{client_id}", clients::show);
        route(routing, guard, allowed, Method.DELETE, "/admin/clients/{client_id}", clients::delete);
        route(routing, guard, allowed, Method.POST, "/admin/clients/{client_id}/disable", clients::disable);
        route(
                routing,
                guard,
                allowed,
                Method.GET,
                "/admin/sessions",
                new AdminSessionsEndpoint(
                        s.store().sessions(), s.store().users(), s.settings().sessionIdleTimeout(), s.clock()));
        route(
                routing,
                guard,
                allowed,
                Method.GET,
                "/admin/grants",
                new AdminGrantsEndpoint(
                        s.store().grants(), s.store().users(), s.store().clients(), s.clock()));
        route(routing, guard, allowed, Method.GET, "/admin/flags", flags::list);
        route(routing, guard, allowed, Method.PUT, "/admin/flags/{name}", flags::set);
        route(
                routing,
                guard,
                allowed,
                Method.POST,
                "/admin/revocations",
                new AdminRevocationsEndpoint(a.revocations(), bodies));
        route(routing, guard, allowed, Method.GET, "/admin/audit", new AdminAuditEndpoint(a.audit()));
        route(
                routing,
                guard,
                allowed,
                Method.GET,
                "/admin/backchannel-logouts",
                new AdminBackChannelLogoutsEndpoint(s.store().backChannelOutbox()));
        route(
                routing,
                guard,
                allowed,
                Method.GET,
                "/admin/metrics",
                new AdminMetricsEndpoint(
                        s.catchUp(),
                        s.staleness(),
                        s.revocations(),
                        s.accessTokens().verifiedTokens(),
                        s.store().backChannelOutbox(),
                        s.store()::poolUse));

        allowed.forEach((path, methods) -> routing.any(path, guard.guard((req, res) -> {
            res.header(HeaderNames.ALLOW, methods);
            throw OAuthError.INVALID_REQUEST.exception("method not allowed").withStatus(405);
        })));
        routing.any(guard.guard((req, res) -> {
            throw OAuthError.INVALID_REQUEST.exception("not found").withStatus(404);
        }));
        ErrorHandling.install(routing);
        return routing;
    }

    private static void route(
            HttpRouting.Builder routing,
            AdminAuthentication guard,
            Map<String, String> allowed,
            Method method,
            String path,
            Handler handler) {
        routing.route(method, path, guard.guard(handler));
        allowed.merge(path, method.text(), (a, b) -> a + ", " + b);
    }
}
