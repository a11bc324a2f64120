package io.rescind.server.cli;

import io.rescind.core.secret.SecretFiles;
import io.rescind.server.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads a secret from a file, or from standard input when the file is {@code -}; never from the command line. */
final class SecretInput {
    private SecretInput() {}

    static String read(Path file) {
        String secret;
        if (file.toString().equals("-")) {
            try {
                var console = System.console();
                if (console != null && console.isTerminal()) {
                    char[] typed = console.readPassword("Secret: ");
                    secret = typed == null ? "" : new String(typed);
                } else {
                    var reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    String line = reader.readLine();
                    secret = line == null ? "" : line;
                }
            } catch (IOException e) {
                throw new ConfigException("cannot read the secret from standard input", e);
            }
        } else {
            secret = SecretFiles.read(file);
        }
        if (secret.strip().isEmpty()) {
            throw new ConfigException("the secret is empty");
        }
        return secret.strip();
    }
}
