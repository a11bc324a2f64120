package io.rescind.server.bootstrap;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.settings.Endpoints;
import io.rescind.server.authorize.AuthorizationFlow;
import io.rescind.server.authorize.AuthorizeEndpoint;
import io.rescind.server.discovery.DiscoveryEndpoint;
import io.rescind.server.discovery.JwksEndpoint;
import io.rescind.server.health.HealthEndpoint;
import io.rescind.server.http.Cookies;
import io.rescind.server.http.ErrorHandling;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.introspection.IntrospectionEndpoint;
import io.rescind.server.login.LoginEndpoint;
import io.rescind.server.logout.EndSessionEndpoint;
import io.rescind.server.revocation.AccessTokenRevocationEndpoint;
import io.rescind.server.revocation.GlobalTokenRevocationEndpoint;
import io.rescind.server.revocation.SessionRevocationEndpoint;
import io.rescind.server.revocation.TokenRevocationEndpoint;
import io.rescind.server.token.TokenEndpoint;
import io.rescind.server.userinfo.UserinfoEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/** The routing table: every endpoint, what its path answers to other methods (405) and to unknown paths (404). */
final class Routes {
    private Routes() {}

    static HttpRouting.Builder of(Services s) {
        Endpoints endpoints = s.settings().endpoints();
        var flow = new AuthorizationFlow(s.clients(), s.authorizer(), s.settings());
        var cookies = Cookies.forIssuer(s.settings().issuer());
        var bodies = new RequestBodies(s.settings().maxRequestBytes());
        var discovery = new DiscoveryEndpoint(endpoints, s.features());
        var userinfo = new UserinfoEndpoint(s.accessTokens(), s.userInfo(), s.cors());
        var routing = HttpRouting.builder();
        // RFC 9110 §15.5.6: a 405 names the methods the resource supports.
        Map<String, String> allowed = new LinkedHashMap<>();
        readOnly(routing, allowed, "/health", new HealthEndpoint(s.store()::isReachable));
        readOnly(routing, allowed, "/.well-known/openid-configuration", discovery);
        readOnly(routing, allowed, "/.well-known/oauth-authorization-server", discovery);
        readOnly(routing, allowed, Endpoints.JWKS_PATH, new JwksEndpoint(s.keys(), s.clock()));
        getAndPost(
                routing,
                allowed,
                Endpoints.AUTHORIZATION_PATH,
                new AuthorizeEndpoint(flow, s.sessions(), s.loginTransactions(), cookies, endpoints.login(), bodies));
        getAndPost(
                routing,
                allowed,
                Endpoints.LOGIN_PATH,
                new LoginEndpoint(
                        s.loginTransactions(),
                        s.passwords(),
                        s.sessions(),
                        s.logout().logout(),
                        flow,
                        cookies,
                        bodies));
        routing.post(Endpoints.TOKEN_PATH, new TokenEndpoint(s.clients(), s.tokens(), s.cors(), bodies))
                .options(Endpoints.TOKEN_PATH, (req, res) -> s.cors().preflight(req, res, "POST"));
        allowed.put(Endpoints.TOKEN_PATH, "POST, OPTIONS");
        getAndPost(routing, allowed, Endpoints.USERINFO_PATH, userinfo);
        routing.options(Endpoints.USERINFO_PATH, (req, res) -> s.cors().preflight(req, res, "GET, POST"));
        allowed.put(Endpoints.USERINFO_PATH, "GET, POST, OPTIONS");
        routing.post(
                Endpoints.INTROSPECTION_PATH,
                new IntrospectionEndpoint(s.clients(), s.introspection(), s.features(), bodies));
        allowed.put(Endpoints.INTROSPECTION_PATH, "POST");
        var r = s.revocation();
        routing.post(
                        Endpoints.REVOCATION_PATH,
                        new TokenRevocationEndpoint(s.clients(), r.tokens(), s.features(), s.cors(), bodies))
                .options(Endpoints.REVOCATION_PATH, (req, res) -> s.cors().preflight(req, res, "POST"));
        allowed.put(Endpoints.REVOCATION_PATH, "POST, OPTIONS");
        routing.post(
                Endpoints.ACCESS_TOKEN_REVOCATION_PATH,
                new AccessTokenRevocationEndpoint(r.accessTokens(), s.features(), r.perAddress(), bodies));
        allowed.put(Endpoints.ACCESS_TOKEN_REVOCATION_PATH, "POST");
        routing.post(
                Endpoints.GLOBAL_TOKEN_REVOCATION_PATH,
                new GlobalTokenRevocationEndpoint(
                        r.callers(),
                        r.users(),
                        s.features(),
                        r.perCaller(),
                        bodies,
                        s.settings().revocation(),
                        endpoints.globalTokenRevocation(),
                        endpoints.issuer()));
        allowed.put(Endpoints.GLOBAL_TOKEN_REVOCATION_PATH, "POST");
        routing.post(
                Endpoints.SESSION_REVOCATION_PATH,
                new SessionRevocationEndpoint(
                        r.callers(), r.users(), s.features(), r.perCaller(), bodies, endpoints.sessionRevocation()));
        allowed.put(Endpoints.SESSION_REVOCATION_PATH, "POST");
        var l = s.logout();
        getAndPost(
                routing,
                allowed,
                Endpoints.END_SESSION_PATH,
                new EndSessionEndpoint(l.logout(), l.confirmations(), s.sessions(), s.features(), cookies, bodies));

        allowed.forEach((path, methods) -> routing.any(path, (req, res) -> {
            res.header(HeaderNames.ALLOW, methods);
            throw OAuthError.INVALID_REQUEST.exception("method not allowed").withStatus(405);
        }));
        routing.any((req, res) -> {
            throw OAuthError.INVALID_REQUEST.exception("not found").withStatus(404);
        });
        ErrorHandling.install(routing);
        return routing;
    }

    /** GET and HEAD (RFC 9110 §9.3.2: HEAD answers as GET, without the body). */
    private static void readOnly(
            HttpRouting.Builder routing, Map<String, String> allowed, String path, Handler handler) {
        routing.route(Method.predicate(Method.GET, Method.HEAD), PathMatchers.exact(path), handler);
        allowed.put(path, "GET, HEAD");
    }

    private static void getAndPost(
            HttpRouting.Builder routing, Map<String, String> allowed, String path, Handler handler) {
        routing.route(Method.predicate(Method.GET, Method.POST), PathMatchers.exact(path), handler);
        allowed.put(path, "GET, POST");
    }
}
