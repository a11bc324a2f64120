package io.rescind.core.revocation;

/** Through which interface a revocation came: recorded with it in the revocation log, for the audit. */
public enum RevocationInterface {
    GLOBAL_TOKEN_REVOCATION("global-token-revocation"),
    SESSION_REVOCATION("revoke-session"),
    RFC7009("oauth-revoke"),
    ACCESS_TOKEN_API("access-token-revoke"),
    END_SESSION("end-session"),
    /** Another user's login on a browser ends the earlier user's session there. */
    LOGIN("login"),
    TOKEN_ENDPOINT("token-endpoint"),
    ADMIN_API("admin-api"),
    CLI("cli"),
    CONFIG_FILE("config-file");

    private final String value;

    RevocationInterface(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
