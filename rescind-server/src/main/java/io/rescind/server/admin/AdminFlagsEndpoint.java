package io.rescind.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Printable;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.http.Responses;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code /admin/flags}: the feature flags (DESIGN §1.4). A change is stored, takes effect on this node before the
 * answer, and reaches every other node through the store's change notice.
 */
public final class AdminFlagsEndpoint {
    private final Features features;
    private final RequestBodies bodies;

    public AdminFlagsEndpoint(Features features, RequestBodies bodies) {
        this.features = features;
        this.bodies = bodies;
    }

    /** {@code GET /admin/flags}. */
    public void list(ServerRequest req, ServerResponse res) {
        AdminRequests.query(req, java.util.Set.of());
        var flags = Arrays.stream(Feature.values())
                .map(f -> AdminViews.flag(f, features.isEnabled(f)))
                .toList();
        Responses.json(res, 200, Map.of("flags", flags));
    }

    /** {@code PUT /admin/flags/{NAME}} with {@code {"enabled": true|false}}. */
    public void set(ServerRequest req, ServerResponse res) {
        String name = AdminRequests.path(req, "name");
        Feature feature = Feature.fromName(name)
                .orElseThrow(() -> AdminRequests.notFound("unknown flag '" + Printable.of(name) + "'"));
        ObjectNode body = bodies.json(req);
        JsonNode enabled = body.get("enabled");
        if (body.size() != 1 || enabled == null || !enabled.isBoolean()) {
            throw OAuthError.INVALID_REQUEST.exception("the body must be {\"enabled\": true} or {\"enabled\": false}");
        }
        features.set(feature, enabled.booleanValue() ? Feature.State.ENABLED : Feature.State.DISABLED);
        Responses.json(res, 200, AdminViews.flag(feature, features.isEnabled(feature)));
    }
}
