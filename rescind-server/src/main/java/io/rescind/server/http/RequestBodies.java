package io.rescind.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads request bodies strictly: the declared content type, UTF-8 only, at most {@code max_request_bytes}.
 *
 * <p>The 413 of an oversized body is an ordinary response on a connection kept open: the HTTP server sends it, then
 * reads the rest of the body. Closing at once with unread bytes (what the server does past its own, larger cap of
 * {@link #HARD_LIMIT_FACTOR} times this limit) makes the TCP stack reset the connection, and the client may never see
 * the answer.
 */
public final class RequestBodies {
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";
    public static final int HARD_LIMIT_FACTOR = 16;

    private final long limit;

    public RequestBodies(long limit) {
        this.limit = limit;
    }

    /** The form parameters of a {@code POST} (RFC 6749 §3.2: the token endpoint takes only this encoding). */
    public FormParameters form(ServerRequest req) {
        if (!hasMediaType(req, FORM)) {
            throw OAuthError.INVALID_REQUEST.exception("Content-Type must be " + FORM);
        }
        return FormParameters.parse(text(req));
    }

    /** A JSON object body; the content type must say {@code application/json}, and no member may be repeated. */
    public ObjectNode json(ServerRequest req) {
        if (!hasMediaType(req, JSON)) {
            throw OAuthError.INVALID_REQUEST.exception("Content-Type must be " + JSON);
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(text(req));
        } catch (JsonProcessingException e) {
            throw OAuthError.INVALID_REQUEST.exception("the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw OAuthError.INVALID_REQUEST.exception("the body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    /** Form parameters from the query (GET) or the body (POST), as OpenID Connect allows at /authorize. */
    public FormParameters queryOrForm(ServerRequest req) {
        if (req.prologue().method().text().equals("POST")) {
            return form(req);
        }
        return FormParameters.parse(req.query().rawValue());
    }

    public static boolean hasMediaType(ServerRequest req, String mediaType) {
        Optional<HttpMediaType> type = req.headers().contentType();
        return type.isPresent()
                && type.get().mediaType().text().equalsIgnoreCase(mediaType)
                && type.get().charset().map(cs -> cs.equalsIgnoreCase("utf-8")).orElse(true);
    }

    public String text(ServerRequest req) {
        byte[] bytes = bytes(req);
        return Utf8.strict(bytes)
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("the body is not valid UTF-8"));
    }

    private byte[] bytes(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (req.headers().contentLength().orElse(0) > limit) {
            throw tooLarge();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw OAuthError.INVALID_REQUEST.exception("the request body could not be read");
        }
    }

    private static OAuthException tooLarge() {
        return OAuthError.INVALID_REQUEST.exception("request body too large").withStatus(413);
    }

    /** The value of a single-valued header; a repeated one is refused. */
    public static Optional<String> singleHeader(ServerRequest req, io.helidon.http.HeaderName name) {
        if (!req.headers().contains(name)) {
            return Optional.empty();
        }
        var values = req.headers().get(name).allValues();
        if (values.size() != 1) {
            throw OAuthError.INVALID_REQUEST.exception("header " + name.defaultCase() + " must not be repeated");
        }
        return Optional.of(values.getFirst());
    }

    public static Optional<String> authorization(ServerRequest req) {
        return singleHeader(req, HeaderNames.AUTHORIZATION);
    }
}
