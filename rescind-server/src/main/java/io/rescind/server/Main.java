package io.rescind.server;

import io.rescind.server.cli.Commands;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The {@code rescind} command: {@code serve}, and the admin commands {@code client}, {@code user}, {@code keys}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = Commands.commandLine().execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("serve")) {
            System.exit(code);
        }
    }
}
