package io.rescind.core.protocol;

/**
 * The one exception for protocol errors: a code, a description safe to show the caller, and an HTTP status.
 *
 * <p>Outcomes that are not errors (an unknown token at RFC 7009, an inactive token at introspection) are return
 * values, never this exception.
 */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final int status;

    public OAuthException(OAuthError error, String description) {
        this(error, description, error.status());
    }

    private OAuthException(OAuthError error, String description, int status) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
    }

    public OAuthError error() {
        return error;
    }

    /** The description sent as {@code error_description}; it never carries a secret or a token. */
    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }

    /** The same error answered with another HTTP status (413 for an oversized body, 415, 405). */
    public OAuthException withStatus(int newStatus) {
        return new OAuthException(error, description(), newStatus);
    }
}
