package io.rescind.server.bootstrap;

import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.SecretFiles;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The server's root secret, from which the key-encryption key, the client-secret pepper and the token MAC keys are
 * derived. From {@code RESCIND_SECRET_KEY} (base64), or the file {@code RESCIND_SECRET_KEY_FILE}, or else
 * {@code <data-dir>/secret.key}, created (0600) at the first start. Every node of a cluster needs the same one.
 */
public final class RootSecret {
    public static final String VARIABLE = "RESCIND_SECRET_KEY";
    public static final String FILE_VARIABLE = "RESCIND_SECRET_KEY_FILE";

    private RootSecret() {}

    public static ServerSecrets load(Path dataDir, Map<String, String> environment) {
        Optional<String> inline = Optional.ofNullable(environment.get(VARIABLE)).filter(s -> !s.isBlank());
        Optional<Path> file = Optional.ofNullable(environment.get(FILE_VARIABLE))
                .filter(s -> !s.isBlank())
                .map(Path::of);
        if (inline.isPresent()) {
            return decode(inline.get(), VARIABLE);
        }
        if (file.isPresent()) {
            if (!Files.exists(file.get())) {
                throw new ConfigException(FILE_VARIABLE + " names " + file.get() + ", which does not exist");
            }
            return decode(SecretFiles.read(file.get()), file.get().toString());
        }
        Path defaultFile = dataDir.resolve("secret.key");
        SecretFiles.writeNew(
                defaultFile, Base64.getEncoder().encodeToString(Entropy.bytes(ServerSecrets.ROOT_BYTES)) + "\n");
        return decode(SecretFiles.read(defaultFile), defaultFile.toString());
    }

    private static ServerSecrets decode(String base64, String source) {
        try {
            return new ServerSecrets(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the root secret in " + source + " must be at least 32 bytes, base64-encoded");
        }
    }
}
