package io.rescind.store.embedded;

import io.rescind.core.secret.SecretFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** Who runs a data folder's PostgreSQL now, and on which port: written by the owner, read by admin commands. */
record Instance(long pid, int port, EmbeddedPostgresServer.Opener opener) {

    void write(Path file) {
        var properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("opener", opener.name());
        var out = new StringWriter();
        try {
            properties.store(out, "Rescind embedded PostgreSQL");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SecretFiles.write(file, out.toString());
    }

    static Optional<Instance> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            var properties = new Properties();
            properties.load(new StringReader(Files.readString(file)));
            return Optional.of(new Instance(
                    Long.parseLong(properties.getProperty("pid")),
                    Integer.parseInt(properties.getProperty("port")),
                    EmbeddedPostgresServer.Opener.valueOf(properties.getProperty("opener"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the owner still runs and its PostgreSQL accepts connections. */
    boolean isReachable(EmbeddedLayout layout) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Files.exists(layout.passwordFile())) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }
}
