package io.rescind.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.SecretHash;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    static Stream<Set<GrantType>> grantsWithClientCredentials() {
        return Stream.of(
                EnumSet.of(GrantType.CLIENT_CREDENTIALS),
                EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
    }

    @ParameterizedTest
    @MethodSource("grantsWithClientCredentials")
    void aPublicClientCannotUseClientCredentials(Set<GrantType> grants) {
        var builder = publicClient().grantTypes(grants);
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_METADATA))
                .hasMessageContaining("client_credentials");
    }

    /** OIDC Back-Channel Logout 1.0 §2.2. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://rp.example.com/logout#frag",
                "/logout",
                "javascript:alert(1)",
                "ftp://rp.example.com/logout",
                "https:///logout",
                "http://rp.example.com/logout"
            })
    void aPublicClientsBackchannelLogoutUriMustBeAnAbsoluteHttpsUrl(String uri) {
        var builder = publicClient().backchannelLogoutUri(Optional.of(URI.create(uri)));
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_METADATA))
                .hasMessageContaining("backchannel_logout_uri");
    }

    @Test
    void aConfidentialClientMayUseAnHttpBackchannelLogoutUri() {
        var client = publicClient()
                .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)
                .secretHash(Optional.of(new SecretHash("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA")))
                .backchannelLogoutUri(Optional.of(URI.create("http://rp.internal:8080/logout?x=1")))
                .build();
        assertThat(client.backchannelLogoutUri()).contains(URI.create("http://rp.internal:8080/logout?x=1"));
    }
}
