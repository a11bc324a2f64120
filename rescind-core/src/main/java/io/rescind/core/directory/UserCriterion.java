package io.rescind.core.directory;

import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Printable;

/** "The user whose {@code attribute} is {@code value}": one way of naming a user. */
public record UserCriterion(UserAttribute attribute, String value) {
    public UserCriterion {
        if (value.isEmpty() || value.length() > 320 || value.chars().anyMatch(Character::isISOControl)) {
            throw OAuthError.INVALID_REQUEST.exception("the user identifier is empty, too long or malformed");
        }
    }

    /** Janssen's {@code user_criterion_key} / {@code format}: an allow-listed attribute name. */
    public static UserCriterion of(String attributeName, String value) {
        UserAttribute attribute = UserAttribute.fromName(attributeName)
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception(
                        "unknown user attribute '" + Printable.of(attributeName) + "'"));
        return new UserCriterion(attribute, value);
    }
}
