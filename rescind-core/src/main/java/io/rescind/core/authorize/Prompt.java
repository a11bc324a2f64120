package io.rescind.core.authorize;

import io.rescind.core.protocol.OAuthError;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenID Connect {@code prompt} values (Core §3.1.2.1). {@code consent} is always satisfied, since every client
 * is registered by the operator and there is no consent screen; {@code select_account} asks for a login, since a
 * browser holds one session.
 */
public enum Prompt {
    NONE,
    LOGIN,
    CONSENT,
    SELECT_ACCOUNT;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<Prompt> parse(String encoded) {
        var prompts = EnumSet.noneOf(Prompt.class);
        for (String value : encoded.strip().split(" +")) {
            prompts.add(
                    switch (value) {
                        case "none" -> NONE;
                        case "login" -> LOGIN;
                        case "consent" -> CONSENT;
                        case "select_account" -> SELECT_ACCOUNT;
                        default -> throw OAuthError.INVALID_REQUEST.exception("unsupported prompt value");
                    });
        }
        if (prompts.contains(NONE) && prompts.size() > 1) {
            throw OAuthError.INVALID_REQUEST.exception("prompt=none cannot be combined with other values");
        }
        return prompts;
    }
}
