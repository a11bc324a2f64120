package io.rescind.server.admin;

import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.admin.Operator;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Printable;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.server.http.ClientAddress;
import java.util.Set;

/** What every admin endpoint reads the same way: strict query parameters, path values, the operator. */
final class AdminRequests {
    private AdminRequests() {}

    /** The query, refusing repeated and unknown parameters (a typo must not widen a listing). */
    static FormParameters query(ServerRequest req, Set<String> allowed) {
        FormParameters query = FormParameters.parse(req.query().rawValue());
        query.values().keySet().forEach(name -> {
            if (!allowed.contains(name)) {
                throw OAuthError.INVALID_REQUEST.exception("unknown parameter '" + Printable.of(name) + "'");
            }
        });
        return query;
    }

    static String path(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    static Operator operator(ServerRequest req) {
        return Operator.adminApi(ClientAddress.of(req));
    }

    static Uid uid(String value) {
        try {
            return new Uid(value);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_REQUEST.exception("malformed uid");
        }
    }

    static Subject sub(String value) {
        try {
            return new Subject(value);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_REQUEST.exception("malformed sub");
        }
    }

    static OAuthException notFound(String description) {
        return OAuthError.INVALID_REQUEST.exception(description).withStatus(404);
    }
}
