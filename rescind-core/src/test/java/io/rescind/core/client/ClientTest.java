package io.rescind.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Scope;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registration rules {@link Client} enforces on itself. */
class ClientTest {
    private static ClientBuilder publicClient() {
        return new ClientBuilder(new ClientId("spa"))
                .authMethod(TokenEndpointAuthMethod.NONE)
                .grantTypes(EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN))
                .redirectUris(List.of(RedirectUris.parseRegistered("https://spa.example.com/cb")));
    }

    @Test
    void aPublicClientWithUserScopesIsValid() {
        assertThat(publicClient().scope(Scope.of("openid", "profile")).build().isConfidential())
                .isFalse();
    }

    /** Anyone can act as a public client, so an admin scope there would let anyone revoke any user. */
    @ParameterizedTest
    @ValueSource(strings = {"global_token_revocation", "revoke_session", "revocation_feed"})
    void aPublicClientCannotHoldAnAdminScope(String adminScope) {
        var builder = publicClient().scope(Scope.of("openid", adminScope));
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_METADATA))
                .hasMessageContaining("admin scope");
    }

    @Test
    void aPublicClientCannotUseClientCredentials() {
        var builder = publicClient().grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS));
        assertThatThrownBy(builder::build)
                .isInstanceOf(OAuthException.class)
                .hasMessageContaining("client_credentials");
    }
}
