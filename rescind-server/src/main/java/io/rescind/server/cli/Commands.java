package io.rescind.server.cli;

import io.rescind.core.protocol.OAuthException;
import io.rescind.server.config.ConfigException;
import io.rescind.store.StoreException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command tree, and how failures are reported: one line on standard error, no stack trace, exit code 1. */
@Command(
        name = "rescind",
        mixinStandardHelpOptions = true,
        version = "Rescind 0.1.0",
        description = "An OAuth 2.0 / OpenID Connect server built around revocation.",
        subcommands = {
            ServeCommand.class,
            ClientCommand.class,
            UserCommand.class,
            KeysCommand.class,
            FlagsCommand.class,
            RevokeCommand.class,
            AuditCommand.class,
            AfterRestoreCommand.class
        })
public final class Commands {
    private Commands() {}

    public static CommandLine commandLine() {
        return new CommandLine(new Commands()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("rescind: " + message(e));
            if (!(e instanceof ConfigException
                    || e instanceof StoreException
                    || e instanceof OAuthException
                    || e instanceof IllegalArgumentException
                    || e instanceof UncheckedIOException)) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
    }

    private static String message(Exception e) {
        if (e instanceof OAuthException o) {
            return o.description();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
