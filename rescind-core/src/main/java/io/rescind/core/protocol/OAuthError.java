package io.rescind.core.protocol;

/**
 * The protocol error codes Rescind answers with, each with its default HTTP status.
 *
 * <p>Codes come from RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, RFC 7009 §2.2.1, RFC 7591 §3.2.2, RFC 8707 §2
 * and OpenID Connect Core §3.1.2.6.
 */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    INVALID_TARGET("invalid_target", 400),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
    ACCESS_DENIED("access_denied", 403),
    LOGIN_REQUIRED("login_required", 400),
    REQUEST_NOT_SUPPORTED("request_not_supported", 400),
    REQUEST_URI_NOT_SUPPORTED("request_uri_not_supported", 400),
    INVALID_TOKEN("invalid_token", 401),
    /** A protected resource was called without any token: the challenge carries no error (RFC 6750 §3.1). */
    TOKEN_REQUIRED("invalid_token", 401),
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400),
    INVALID_CLIENT_METADATA("invalid_client_metadata", 400),
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400),
    /** Rate-limited (RFC 6585 §4); not an OAuth code, answered with {@code Retry-After}. */
    TOO_MANY_REQUESTS("too_many_requests", 429),
    /** The user named by a global token revocation is unknown, when the setting asks for the draft's 404. */
    UNKNOWN_USER("unknown_user", 404),
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503);

    private final String code;
    private final int status;

    OAuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The {@code error} value on the wire. */
    public String code() {
        return code;
    }

    /** The HTTP status this error answers with unless the endpoint says otherwise. */
    public int status() {
        return status;
    }

    /** A new exception for this error with a human-readable description. */
    public OAuthException exception(String description) {
        return new OAuthException(this, description);
    }
}
