package io.rescind.store.embedded;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replaces zonky's "trust everyone" with password authentication: a {@code pg_hba.conf} that accepts SCRAM over
 * loopback only, and the superuser's password set in single-user mode before the server ever listens.
 */
final class PasswordAuthentication {
    private static final String HBA = """
            # Written by Rescind at every start: SCRAM passwords over loopback TCP, nothing else.
            host  all  all  127.0.0.1/32  scram-sha-256
            host  all  all  ::1/128       scram-sha-256
            """;

    private PasswordAuthentication() {}

    static void writeHba(Path pgData) {
        try {
            Files.writeString(pgData.resolve("pg_hba.conf"), HBA, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    /** Runs {@code postgres --single} to set the superuser password; the password goes through standard input. */
    static void setSuperuserPassword(Path bin, Path pgData, String password, Path log) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(
                bin.resolve("postgres").toString(),
                "--single",
                "-D",
                pgData.toString(),
                "-c",
                "password_encryption=scram-sha-256",
                "-c",
                "fsync=on",
                "postgres"));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            try (var stdin = process.getOutputStream()) {
                // base64url has no quote, so the literal cannot be escaped out of.
                stdin.write(("ALTER ROLE postgres PASSWORD '" + password + "';\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("setting the embedded PostgreSQL password failed (see " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run PostgreSQL in single-user mode", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the PostgreSQL password", e);
        }
    }
}
