package io.rescind.server.cli;

import io.rescind.core.key.KeyRing;
import io.rescind.core.key.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rescind keys list|rotate}. */
@Command(
        name = "keys",
        description = "Manage signing keys.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
final class KeysCommand {
    private KeysCommand() {}

    @Command(name = "list", description = "List signing keys and their state.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                KeyRing ring = admin.signingKeys().ring();
                Instant now = admin.clock.instant();
                for (SigningKey key : ring.keys()) {
                    System.out.printf(
                            "%-24s %-6s %-9s activates %s%n",
                            key.kid(), key.alg(), state(ring, key, now), key.activatesAt());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "rotate",
            description = "Create the next key of every algorithm; it is published at once and "
                    + "signs after the pre-publication delay.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Option(
                names = "--activate-in",
                paramLabel = "SECONDS",
                description = "Pre-publication delay (default: the key_prepublication setting, 3600).")
        Long activateIn;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                Duration delay =
                        activateIn == null ? admin.settings.keyPrepublication() : Duration.ofSeconds(activateIn);
                for (SigningKey key : admin.signingKeys().rotate(delay)) {
                    System.out.printf("New %s key %s, signs from %s%n", key.alg(), key.kid(), key.activatesAt());
                }

                return 0;
            }
        }
    }

    static String state(KeyRing ring, SigningKey key, Instant now) {
        if (key.isRevoked()) {
            return "revoked";
        }
        if (key.activatesAt().isAfter(now)) {
            return "pending";
        }
        if (ring.signingKey(key.alg(), now).map(k -> k.kid().equals(key.kid())).orElse(false)) {
            return "active";
        }
        return ring.isPublished(key, now) ? "retiring" : "retired";
    }
}
