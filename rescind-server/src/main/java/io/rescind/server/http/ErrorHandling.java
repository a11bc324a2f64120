package io.rescind.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.store.StoreException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a protocol error: never a stack trace, never an HTML error page from the framework.
 * A store failure is 503 with {@code Retry-After} (fail closed); anything unexpected is a logged 500 that says
 * nothing about its cause.
 */
public final class ErrorHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {}

    public static void install(HttpRouting.Builder routing) {
        routing.error(OAuthException.class, (req, res, e) -> Responses.error(res, e));
        routing.error(StoreException.class, (req, res, e) -> {
            LOG.warn("Store unavailable while serving {}: {}", req.path().path(), e.getMessage());
            Responses.error(res, OAuthError.TEMPORARILY_UNAVAILABLE.exception("the store is unavailable; retry later"));
        });
        routing.error(
                HttpException.class,
                (req, res, e) -> Responses.error(res, fromStatus(e.status().code())));
        routing.error(Exception.class, (req, res, e) -> {
            LOG.error(
                    "Unexpected failure while serving {} {}",
                    req.prologue().method().text(),
                    req.path().path(),
                    e);
            Responses.error(res, OAuthError.SERVER_ERROR.exception("internal error"));
        });
    }

    static OAuthException fromStatus(int status) {
        return switch (status) {
            case 413 ->
                OAuthError.INVALID_REQUEST.exception("request body too large").withStatus(413);
            case 404 -> OAuthError.INVALID_REQUEST.exception("not found").withStatus(404);
            case 405 ->
                OAuthError.INVALID_REQUEST.exception("method not allowed").withStatus(405);
            case 415 ->
                OAuthError.INVALID_REQUEST.exception("unsupported media type").withStatus(415);
            default ->
                status >= 500
                        ? OAuthError.SERVER_ERROR.exception("internal error")
                        : OAuthError.INVALID_REQUEST.exception("bad request").withStatus(status);
        };
    }

    /** Answers requests the router never saw (malformed HTTP, oversized bodies) with the same JSON errors. */
    public static DirectHandler directHandler() {
        return new DirectHandler() {
            @Override
            public TransportResponse handle(
                    TransportRequest request,
                    EventType eventType,
                    Status defaultStatus,
                    ServerResponseHeaders headers,
                    String message) {
                OAuthException error = fromStatus(defaultStatus.code());
                byte[] body =
                        Json.write(Map.of("error", error.error().code(), "error_description", error.description()));
                return TransportResponse.builder()
                        .status(Status.create(error.status()))
                        .headers(headers)
                        .header(HeaderNames.CONTENT_TYPE, Responses.JSON)
                        .entity(body)
                        .build();
            }

            @Override
            public TransportResponse handle(
                    TransportRequest request,
                    EventType eventType,
                    Status defaultStatus,
                    ServerResponseHeaders headers,
                    Throwable thrown,
                    System.Logger logger) {
                return handle(request, eventType, defaultStatus, headers, "");
            }
        };
    }
}
