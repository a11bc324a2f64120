package io.rescind.server.cli;

import io.rescind.server.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rescind after-restore --yes}: run once after restoring the database from a backup, before the nodes serve
 * again (docs/cluster.md). Revocations made after the backup are lost with it, so every token and login session issued
 * before now is killed; users log in again and clients fetch new tokens.
 */
@Command(
        name = "after-restore",
        description = "After restoring the database from a backup: kill every token and login session issued before"
                + " now (every epoch bumped, a new revocation log generation), since revocations made after the"
                + " backup are lost.")
final class AfterRestoreCommand implements Callable<Integer> {
    @Mixin
    StoreMixin store;

    @Option(names = "--yes", description = "Confirm: every user logs in again, every client fetches new tokens.")
    boolean confirmed;

    @Override
    public Integer call() {
        if (!confirmed) {
            throw new ConfigException("after-restore kills every token and session; run it again with --yes");
        }
        try (var admin = new AdminContext(store)) {
            var fenced = admin.store().restoreFence().fence(admin.clock.instant(), admin.operator.initiator());
            System.out.printf(
                    "New revocation log generation %s: epochs bumped for %d clients and %d subjects, %d sessions"
                            + " ended.%n",
                    fenced.generation(), fenced.clients(), fenced.subjects(), fenced.sessions());
            return 0;
        }
    }
}
