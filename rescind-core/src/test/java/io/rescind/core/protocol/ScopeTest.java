package io.rescind.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), space-delimited. */
class ScopeTest {
    @Test
    void tokensAreSplitOnSpacesAndKeepTheirOrder() {
        assertThat(Scope.parse("openid  profile email").values()).containsExactly("openid", "profile", "email");
    }

    @Test
    void anEmptyScopeIsEmpty() {
        assertThat(Scope.parse("   ").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "a\\b", "caf\u00e9", "tab\there", "nul\u0000"})
    void aTokenWithACharacterOutsideTheGrammarIsAnInvalidScope(String token) {
        assertThatThrownBy(() -> Scope.parse(token))
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_SCOPE));
    }

    @Test
    void containsAllComparesAsSets() {
        assertThat(Scope.parse("a b c").containsAll(Scope.parse("c a"))).isTrue();
        assertThat(Scope.parse("a b").containsAll(Scope.parse("a d"))).isFalse();
    }

    @Test
    void withoutRemovesTheGivenTokens() {
        assertThat(Scope.parse("openid api offline_access").without(java.util.Set.of("openid", "offline_access")))
                .isEqualTo(Scope.of("api"));
    }
}
