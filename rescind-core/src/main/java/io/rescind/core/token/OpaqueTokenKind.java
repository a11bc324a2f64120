package io.rescind.core.token;

/** The kinds of opaque token Rescind hands out; the prefix says which one a string is. */
public enum OpaqueTokenKind {
    REFRESH_TOKEN("rsc_rt_"),
    AUTHORIZATION_CODE("rsc_ac_"),
    SESSION("rsc_ss_"),
    LOGIN_TRANSACTION("rsc_lt_"),
    BROWSER("rsc_br_");

    private final String prefix;

    OpaqueTokenKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
