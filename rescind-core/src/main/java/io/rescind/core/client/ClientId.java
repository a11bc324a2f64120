package io.rescind.core.client;

import io.rescind.core.protocol.OAuthError;

/** A client identifier (RFC 6749 §2.2): 1 to 255 visible ASCII characters. */
public record ClientId(String value) {
    public ClientId {
        if (value.isEmpty() || value.length() > 255 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw OAuthError.INVALID_CLIENT.exception("malformed client_id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
