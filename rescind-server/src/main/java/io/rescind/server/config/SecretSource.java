package io.rescind.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.secret.SecretFiles;
import java.nio.file.Path;
import java.util.Optional;

/** A secret given inline ({@code name}) or by file ({@code name_file}), never both. */
final class SecretSource {
    private SecretSource() {}

    static Optional<String> read(JsonNode entry, String name, Path baseDir, String where) {
        boolean inline = entry.has(name);
        boolean file = entry.has(name + "_file");
        if (inline && file) {
            throw new ConfigException(where + ": give " + name + " or " + name + "_file, not both");
        }
        if (inline) {
            return Optional.of(text(entry, name, where));
        }
        if (file) {
            Path path = baseDir.resolve(text(entry, name + "_file", where));
            try {
                String secret = SecretFiles.read(path);
                if (secret.isEmpty()) {
                    throw new ConfigException(where + ": " + path + " is empty");
                }
                return Optional.of(secret);
            } catch (java.io.UncheckedIOException e) {
                throw new ConfigException(where + ": cannot read " + path, e);
            }
        }
        return Optional.empty();
    }

    static String text(JsonNode entry, String name, String where) {
        JsonNode value = entry.get(name);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new ConfigException(where + ": " + name + " must be a non-empty value");
        }
        return value.asText();
    }
}
