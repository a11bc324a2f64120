package io.rescind.core.admin;

import static io.rescind.core.admin.AdminFixtures.OTHER_HASH;
import static io.rescind.core.admin.AdminFixtures.client;
import static io.rescind.core.admin.AdminFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.settings.RevocationSettings;
import io.rescind.core.user.UserStatus;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The administrations revoke and change the entry in one transaction: no process death leaves the entry changed with
 * live tokens, and no token minted between the two outlives the change.
 */
class AdministrationTest {
    final AdminFixtures.Journal journal = new AdminFixtures.Journal();
    final Operator operator = Operator.cli("tester");

    @Nested
    class OfUsers {
        final io.rescind.core.user.User alice = user(UserStatus.ACTIVE);
        final AdminFixtures.Users users = new AdminFixtures.Users(journal, alice);
        final UserAdministration administration =
                new UserAdministration(users, journal.revocations(), RevocationSettings.DEFAULTS);

        @Test
        void disablingRevokesAndSavesInOneTransaction() {
            administration.disable(alice, operator);

            assertThat(journal.entries).containsExactly("revoke user_disabled + save");
        }

        @Test
        void disablingAUserAlreadyDisabledRevokesAgain() {
            administration.disable(alice.withStatus(UserStatus.DISABLED), operator);

            assertThat(journal.entries).containsExactly("revoke user_disabled + save");
        }

        @Test
        void whenTheRevocationFailsTheUserStaysEnabled() {
            journal.revocationFails = true;

            assertThatThrownBy(() -> administration.disable(alice, operator)).isInstanceOf(IllegalStateException.class);
            assertThat(users.find(alice.sub()).orElseThrow().isActive()).isTrue();
        }

        @Test
        void removingRevokesAndDeletesInOneTransaction() {
            administration.remove(alice, operator);

            assertThat(journal.entries).containsExactly("revoke user_deleted + remove");
        }

        @Test
        void whenTheRevocationFailsTheUserStays() {
            journal.revocationFails = true;

            assertThatThrownBy(() -> administration.remove(alice, operator)).isInstanceOf(IllegalStateException.class);
            assertThat(users.find(alice.sub())).isPresent();
        }

        @Test
        void aPasswordChangeRevokesAndSavesInOneTransaction() {
            var change = administration.changePassword(alice, OTHER_HASH, operator);

            assertThat(change).contains(AdminChange.PASSWORD_CHANGED);
            assertThat(journal.entries).containsExactly("revoke password_changed + save");
        }

        @Test
        void enablingRevokesNothing() {
            administration.enable(alice.withStatus(UserStatus.DISABLED));

            assertThat(journal.entries).containsExactly("save");
        }
    }

    @Nested
    class OfClients {
        final io.rescind.core.client.Client batch = client();
        final AdminFixtures.Clients clients = new AdminFixtures.Clients(journal, batch);

        ClientAdministration administration(RevocationSettings settings) {
            return new ClientAdministration(clients, journal.revocations(), settings);
        }

        @Test
        void disablingRevokesAndSavesInOneTransaction() {
            administration(RevocationSettings.DEFAULTS).disable(batch, operator);

            assertThat(journal.entries).containsExactly("revoke client_disabled + save");
        }

        @Test
        void removingRevokesAndDeletesInOneTransaction() {
            administration(RevocationSettings.DEFAULTS).remove(batch, operator);

            assertThat(journal.entries).containsExactly("revoke client_deleted + remove");
        }

        @Test
        void aSecretRotationKeepsTheTokensByDefault() {
            var change = administration(RevocationSettings.DEFAULTS).rotateSecret(batch, OTHER_HASH, operator);

            assertThat(change).isEmpty();
            assertThat(journal.entries).containsExactly("save");
            assertThat(clients.find(batch.id()).orElseThrow().secretHash()).contains(OTHER_HASH);
        }

        @Test
        void aSecretRotationRevokesInTheSameTransactionWhenTheSettingSaysSo() {
            var d = RevocationSettings.DEFAULTS;
            var revoking = new RevocationSettings(
                    d.unknownUser(),
                    d.callerRateLimit(),
                    d.addressRateLimit(),
                    d.onPasswordChange(),
                    RevocationSettings.Cascade.REVOKE,
                    d.stalenessBound());

            administration(revoking).rotateSecret(batch, OTHER_HASH, operator);

            assertThat(journal.entries).containsExactly("revoke client_secret_rotated + save");
        }

        @Test
        void aClientWithoutASecretCannotRotateOne() {
            var pub = new ClientBuilder(new ClientId("spa"))
                    .authMethod(TokenEndpointAuthMethod.NONE)
                    .grantTypes(EnumSet.of(GrantType.AUTHORIZATION_CODE))
                    .redirectUris(java.util.List.of(java.net.URI.create("https://spa.example.com/cb")))
                    .build();

            assertThatThrownBy(
                            () -> administration(RevocationSettings.DEFAULTS).rotateSecret(pub, OTHER_HASH, operator))
                    .isInstanceOf(OAuthException.class)
                    .hasMessageContaining("none");
            assertThat(journal.entries).isEmpty();
        }
    }

    @Nested
    class Operators {
        @Test
        void theCliIsNamedByTheOperatingSystemUser() {
            assertThat(Operator.cli("carol").audit("x").initiator()).isEqualTo("cli:carol");
        }

        @Test
        void theAdminApiRecordsTheCallersAddress() {
            assertThat(Operator.adminApi("10.0.0.1").audit("x").callerIp()).isEqualTo(Optional.of("10.0.0.1"));
        }
    }
}
