package io.rescind.core.admin;

import static io.rescind.core.admin.AdminFixtures.OTHER_HASH;
import static io.rescind.core.admin.AdminFixtures.client;
import static io.rescind.core.admin.AdminFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientStatus;
import io.rescind.core.settings.RevocationSettings;
import io.rescind.core.settings.RevocationSettings.Cascade;
import io.rescind.core.user.UserStatus;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The admin rows of the cascade table (DESIGN §1.3): which admin change revokes, and which does not. */
class AdminChangeTest {
    static final RevocationSettings DEFAULTS = RevocationSettings.DEFAULTS;

    static RevocationSettings with(Cascade onPasswordChange, Cascade onSecretRotation) {
        return new RevocationSettings(
                DEFAULTS.unknownUser(),
                DEFAULTS.callerRateLimit(),
                DEFAULTS.addressRateLimit(),
                onPasswordChange,
                onSecretRotation,
                DEFAULTS.stalenessBound());
    }

    @Nested
    class Users {
        @Test
        void disablingAnEnabledUserRevokesIt() {
            var before = user(UserStatus.ACTIVE);

            assertThat(AdminChange.ofUser(
                            Optional.of(before), Optional.of(before.withStatus(UserStatus.DISABLED)), DEFAULTS))
                    .contains(AdminChange.USER_DISABLED);
        }

        @Test
        void savingAnAlreadyDisabledUserRevokesNothing() {
            var before = user(UserStatus.DISABLED);

            assertThat(AdminChange.ofUser(Optional.of(before), Optional.of(before), DEFAULTS))
                    .isEmpty();
        }

        @Test
        void deletingAUserRevokesIt() {
            assertThat(AdminChange.ofUser(Optional.of(user(UserStatus.ACTIVE)), Optional.empty(), DEFAULTS))
                    .contains(AdminChange.USER_DELETED);
        }

        @Test
        void aNewUserRevokesNothingEvenDisabled() {
            assertThat(AdminChange.ofUser(Optional.empty(), Optional.of(user(UserStatus.DISABLED)), DEFAULTS))
                    .isEmpty();
        }

        @Test
        void aNewPasswordRevokesByDefault() {
            var before = user(UserStatus.ACTIVE);

            assertThat(AdminChange.ofUser(
                            Optional.of(before), Optional.of(before.withPasswordHash(OTHER_HASH)), DEFAULTS))
                    .contains(AdminChange.PASSWORD_CHANGED);
        }

        @Test
        void aNewPasswordRevokesNothingWhenTheSettingKeepsTokens() {
            var before = user(UserStatus.ACTIVE);

            assertThat(AdminChange.ofUser(
                            Optional.of(before),
                            Optional.of(before.withPasswordHash(OTHER_HASH)),
                            with(Cascade.KEEP, Cascade.KEEP)))
                    .isEmpty();
        }

        @Test
        void enablingRevokesNothing() {
            var before = user(UserStatus.DISABLED);

            assertThat(AdminChange.ofUser(
                            Optional.of(before), Optional.of(before.withStatus(UserStatus.ACTIVE)), DEFAULTS))
                    .isEmpty();
        }
    }

    @Nested
    class Clients {
        @Test
        void disablingAnEnabledClientRevokesIt() {
            var before = client();

            assertThat(AdminChange.ofClient(
                            Optional.of(before), Optional.of(before.withStatus(ClientStatus.DISABLED)), DEFAULTS))
                    .contains(AdminChange.CLIENT_DISABLED);
        }

        @Test
        void savingAnAlreadyDisabledClientRevokesNothing() {
            var before = client().withStatus(ClientStatus.DISABLED);

            assertThat(AdminChange.ofClient(Optional.of(before), Optional.of(before), DEFAULTS))
                    .isEmpty();
        }

        @Test
        void deletingAClientRevokesIt() {
            assertThat(AdminChange.ofClient(Optional.of(client()), Optional.empty(), DEFAULTS))
                    .contains(AdminChange.CLIENT_DELETED);
        }

        @Test
        void aNewSecretRevokesNothingByDefault() {
            var before = client();
            var after = ClientBuilder.from(before)
                    .secretHash(Optional.of(OTHER_HASH))
                    .build();

            assertThat(AdminChange.ofClient(Optional.of(before), Optional.of(after), DEFAULTS))
                    .isEmpty();
        }

        @Test
        void aNewSecretRevokesWhenTheSettingSaysSo() {
            var before = client();
            var after = ClientBuilder.from(before)
                    .secretHash(Optional.of(OTHER_HASH))
                    .build();

            assertThat(AdminChange.ofClient(
                            Optional.of(before), Optional.of(after), with(Cascade.REVOKE, Cascade.REVOKE)))
                    .contains(AdminChange.CLIENT_SECRET_ROTATED);
        }

        @Test
        void theReasonIsTheLowerCaseName() {
            assertThat(AdminChange.CLIENT_SECRET_ROTATED.reason()).isEqualTo("client_secret_rotated");
        }
    }
}
