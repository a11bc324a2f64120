package io.rescind.server.cli;

import io.rescind.core.feature.Feature;
import io.rescind.core.protocol.Printable;
import io.rescind.server.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code rescind flags list|enable|disable}: the persistent feature flags (DESIGN §1.4). A running server takes a
 * change at once; a disabled endpoint stays routed and answers 403 {@code access_denied} after authentication.
 */
@Command(
        name = "flags",
        description = "Switch endpoints on and off.",
        subcommands = {FlagsCommand.ListFlags.class, FlagsCommand.Enable.class, FlagsCommand.Disable.class})
final class FlagsCommand {
    private FlagsCommand() {}

    @Command(name = "list", description = "List the feature flags and their state.")
    static final class ListFlags implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                var explicit = admin.store().features().load();
                for (Feature feature : Feature.values()) {
                    boolean enabled = explicit.getOrDefault(feature, feature.byDefault()) == Feature.State.ENABLED;
                    System.out.printf(
                            "%-26s %-9s%s%n",
                            feature.name(),
                            enabled ? "enabled" : "disabled",
                            explicit.containsKey(feature) ? "" : " (default)");
                }
                return 0;
            }
        }
    }

    @Command(name = "enable", description = "Enable a feature.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return set(store, name, Feature.State.ENABLED);
        }
    }

    @Command(name = "disable", description = "Disable a feature: its endpoint answers 403 access_denied.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return set(store, name, Feature.State.DISABLED);
        }
    }

    private static int set(StoreMixin store, String name, Feature.State state) {
        Feature feature = Feature.fromName(name)
                .orElseThrow(
                        () -> new ConfigException("unknown flag '" + Printable.of(name) + "'; see rescind flags list"));
        try (var admin = new AdminContext(store)) {
            admin.store().features().set(feature, state);

            System.out.println(feature.name() + " " + (state == Feature.State.ENABLED ? "enabled" : "disabled") + ".");
            return 0;
        }
    }
}
