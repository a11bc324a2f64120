package io.rescind.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads request bodies strictly: the declared content type, UTF-8 only, size already bounded by the server. */
public final class RequestBodies {
    public static final String FORM = "application/x-www-form-urlencoded";

    private RequestBodies() {}

    /** The form parameters of a {@code POST} (RFC 6749 §3.2: the token endpoint takes only this encoding). */
    public static FormParameters form(ServerRequest req) {
        if (!hasMediaType(req, FORM)) {
            throw OAuthError.INVALID_REQUEST.exception("Content-Type must be " + FORM);
        }
        return FormParameters.parse(text(req));
    }

    /** Form parameters from the query (GET) or the body (POST), as OpenID Connect allows at /authorize. */
    public static FormParameters queryOrForm(ServerRequest req) {
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

    public static String text(ServerRequest req) {
        byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.INVALID_REQUEST.exception("the body is not valid UTF-8");
        }
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
