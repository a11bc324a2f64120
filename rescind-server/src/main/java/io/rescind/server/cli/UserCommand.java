package io.rescind.server.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.server.config.ConfigException;
import io.rescind.server.config.UserFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rescind user add|list|show|remove|disable|enable|password}. Removing, disabling and (unless
 * {@code revoke_on_password_change} is false) changing the password revoke everything of the user first.
 */
@Command(
        name = "user",
        description = "Manage users.",
        subcommands = {
            UserCommand.Add.class,
            UserCommand.ListUsers.class,
            UserCommand.Show.class,
            UserCommand.Remove.class,
            UserCommand.Disable.class,
            UserCommand.Enable.class,
            UserCommand.Password.class
        })
final class UserCommand {
    private UserCommand() {}

    @Command(name = "add", description = "Create a user; it gets an immutable random sub.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Option(names = "--uid", required = true, description = "Login name (unique).")
        String uid;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                required = true,
                description = "Read the password from FILE, or from standard input with '-'.")
        Path passwordFile;

        @Option(names = "--email")
        String email;

        @Option(names = "--phone-number", description = "E.164, like +14155550100.")
        String phoneNumber;

        @Option(names = "--name")
        String name;

        @Option(names = "--role", split = ",")
        List<String> roles;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                if (admin.store().users().findByUid(new Uid(uid)).isPresent()) {
                    throw new ConfigException("user '" + uid + "' already exists");
                }
                ObjectNode fields = JsonNodeFactory.instance.objectNode();
                fields.put("uid", uid);
                fields.put("password", SecretInput.read(passwordFile));
                Optional.ofNullable(email).ifPresent(v -> fields.put("email", v));
                Optional.ofNullable(phoneNumber).ifPresent(v -> fields.put("phone_number", v));
                Optional.ofNullable(name).ifPresent(v -> fields.put("name", v));
                if (roles != null) {
                    var array = fields.putArray("roles");
                    roles.forEach(array::add);
                }
                User user = UserFields.apply(Optional.empty(), fields, admin.hashing(), Path.of(""));
                admin.store().users().save(user);

                System.out.println("User " + uid + " added (sub " + user.sub() + ").");
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                for (User u : admin.store().users().list()) {
                    System.out.printf(
                            "%-24s %-24s %-8s %s%n",
                            u.uid(),
                            u.sub(),
                            status(u),
                            u.email().map(Object::toString).orElse(""));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Show a user.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                User u = find(admin, uid);
                System.out.println("uid: " + u.uid());
                System.out.println("sub: " + u.sub());
                System.out.println("status: " + status(u));
                u.email().ifPresent(v -> System.out.println("email: " + v));
                u.phoneNumber().ifPresent(v -> System.out.println("phone_number: " + v));
                u.name().ifPresent(v -> System.out.println("name: " + v));
                System.out.println("roles: " + u.roles());
                return 0;
            }
        }
    }

    @Command(name = "remove", description = "Delete a user, revoking every token, grant and session of it first.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                admin.users().remove(find(admin, uid), admin.operator);

                System.out.println("User " + uid + " removed.");
                return 0;
            }
        }
    }

    @Command(
            name = "disable",
            description = "Disable a user: every token, grant and session of it is revoked; no login until enabled.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                admin.users().disable(find(admin, uid), admin.operator);

                System.out.println("User " + uid + " disabled; its tokens and sessions are revoked.");
                return 0;
            }
        }
    }

    @Command(name = "enable", description = "Enable a disabled user.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                admin.users().enable(find(admin, uid));

                System.out.println("User " + uid + " enabled.");
                return 0;
            }
        }
    }

    @Command(
            name = "password",
            description = "Set a user's password; unless revoke_on_password_change is false, every token, grant and"
                    + " session of the user is revoked.")
    static final class Password implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "UID")
        String uid;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                required = true,
                description = "Read the new password from FILE, or from standard input with '-'.")
        Path passwordFile;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                User user = find(admin, uid);
                var hash = admin.hashing().hashPassword(SecretInput.read(passwordFile));
                boolean revoked =
                        admin.users().changePassword(user, hash, admin.operator).isPresent();

                System.out.println("Password of " + uid + " changed"
                        + (revoked ? "; its tokens and sessions are revoked." : "; its tokens are kept."));
                return 0;
            }
        }
    }

    private static User find(AdminContext admin, String uid) {
        return admin.store()
                .users()
                .findByUid(new Uid(uid))
                .orElseThrow(() -> new ConfigException("no user '" + uid + "'"));
    }

    private static String status(User u) {
        return u.isActive() ? "active" : "disabled";
    }
}
