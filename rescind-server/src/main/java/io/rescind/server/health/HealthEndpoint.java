package io.rescind.server.health;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.server.http.Responses;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /health}: 200 while the server is up and its database answers, 503 otherwise. */
public final class HealthEndpoint implements Handler {
    private final BooleanSupplier databaseAnswers;

    public HealthEndpoint(BooleanSupplier databaseAnswers) {
        this.databaseAnswers = databaseAnswers;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        boolean up = databaseAnswers.getAsBoolean();
        Responses.json(res, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
    }
}
