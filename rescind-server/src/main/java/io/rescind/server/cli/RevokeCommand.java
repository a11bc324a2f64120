package io.rescind.server.cli;

import io.rescind.core.admin.OperatorRevocation;
import io.rescind.core.admin.OperatorTarget;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rescind revoke token|user|sessions|client|key}: the operator's revocations, with the cascade of DESIGN §1.3,
 * recorded in the audit as {@code cli:<os user>}. A running server honours them at once.
 */
@Command(
        name = "revoke",
        description = "Revoke a token, a user, a user's sessions, a client or a signing key.",
        subcommands = {
            RevokeCommand.Token.class,
            RevokeCommand.User.class,
            RevokeCommand.Sessions.class,
            RevokeCommand.Client.class,
            RevokeCommand.Key.class
        })
final class RevokeCommand {
    private RevokeCommand() {}

    /** What every revoke command shares: the store and the reason recorded in the audit. */
    abstract static class Revoke implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Option(names = "--reason", description = "Why, for the audit (default: ${DEFAULT-VALUE}).")
        String reason = defaultReason();

        String defaultReason() {
            return "operator";
        }

        abstract OperatorTarget target();

        @Override
        public Integer call() {
            OperatorTarget target = target();
            try (var admin = new AdminContext(store)) {
                OperatorRevocation.Revoked revoked =
                        admin.operatorRevocation().revoke(target, admin.operator.audit(reason));

                System.out.println(
                        revoked.seq().isPresent()
                                ? "Revoked " + revoked.type() + " " + revoked.id() + " (audit seq "
                                        + revoked.seq().getAsLong() + ")."
                                : "The " + revoked.type() + " " + revoked.id() + " was already revoked.");
                return 0;
            }
        }
    }

    @Command(
            name = "token",
            description = "Revoke an access or refresh token of this server with its whole grant (as RFC 7009), "
                    + "whoever it was issued to. The token is read from a file or standard input.")
    static final class Token extends Revoke {
        @Option(
                names = "--file",
                paramLabel = "FILE",
                defaultValue = "-",
                description = "Read the token from FILE, or from standard input with '-' (the default).")
        Path file;

        @Override
        OperatorTarget target() {
            return new OperatorTarget.Token(SecretInput.read(file));
        }
    }

    @Command(
            name = "user",
            description = "Revoke every token, grant, code and session of a user (the subject epoch advances).")
    static final class User extends Revoke {
        @Parameters(paramLabel = "ATTRIBUTE=VALUE", description = "uid, email (or mail), sub or phone_number.")
        String user;

        @Override
        OperatorTarget target() {
            return new OperatorTarget.User(OperatorTarget.criterion(user));
        }
    }

    @Command(
            name = "sessions",
            description = "End every login session of a user, with the online grants made in them "
                    + "(offline_access grants survive).")
    static final class Sessions extends Revoke {
        @Parameters(paramLabel = "ATTRIBUTE=VALUE", description = "uid, email (or mail), sub or phone_number.")
        String user;

        @Override
        OperatorTarget target() {
            return new OperatorTarget.Sessions(OperatorTarget.criterion(user));
        }
    }

    @Command(name = "client", description = "Revoke every token issued to a client (the client epoch advances).")
    static final class Client extends Revoke {
        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        OperatorTarget target() {
            return new OperatorTarget.Client(OperatorTarget.clientId(clientId));
        }
    }

    @Command(
            name = "key",
            description = "Revoke a compromised signing key: it is no longer published or used, and every token it "
                    + "signed is dead. Without another key of its algorithm, issuance stops (503) until "
                    + "'rescind keys rotate --activate-in 0'.")
    static final class Key extends Revoke {
        @Parameters(paramLabel = "KID")
        String kid;

        @Override
        String defaultReason() {
            return "key_compromise";
        }

        @Override
        OperatorTarget target() {
            return new OperatorTarget.Key(kid);
        }
    }
}
