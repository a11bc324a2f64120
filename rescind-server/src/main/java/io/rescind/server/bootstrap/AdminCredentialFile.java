package io.rescind.server.bootstrap;

import io.rescind.core.admin.AdminCredential;
import io.rescind.core.secret.SecretFiles;
import io.rescind.core.settings.AdminSettings;
import io.rescind.server.config.ConfigException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the admin API's credential comes from: the file the {@code admin_credential_file} setting names, or else
 * {@code <data-dir>/admin-credential}, created (0600) at the first start with a new {@code rsc_admin_} credential.
 * Only the file's path is ever printed or logged.
 */
public final class AdminCredentialFile {
    public static final String DEFAULT_NAME = "admin-credential";

    private AdminCredentialFile() {}

    /** The credential and the file it was read from. */
    public record Loaded(AdminCredential credential, Path file) {}

    public static Loaded load(AdminSettings settings, Path dataDir) {
        Path file = settings.credentialFile().orElse(dataDir.resolve(DEFAULT_NAME));
        if (settings.credentialFile().isPresent()) {
            if (!Files.exists(file)) {
                throw new ConfigException("admin_credential_file names " + file + ", which does not exist");
            }
        } else {
            SecretFiles.writeNew(file, AdminCredential.generate() + "\n");
        }
        try {
            return new Loaded(AdminCredential.of(SecretFiles.read(file)), file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ConfigException("cannot read the admin credential in " + file);
        }
    }
}
