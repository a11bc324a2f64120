package io.rescind.core.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The admin API's listener and credential.
 *
 * @param host the address the admin API listens on; loopback by default, so only this machine reaches it
 * @param port its port; 0 picks a free one (tests)
 * @param credentialFile a file holding the admin credential; without it, {@code <data-dir>/admin-credential} is
 *     created at the first start
 */
public record AdminSettings(String host, int port, Optional<Path> credentialFile) {
    public static final AdminSettings DEFAULTS = new AdminSettings("127.0.0.1", 8081, Optional.empty());

    public AdminSettings {
        if (host.isBlank()) {
            throw new IllegalArgumentException("admin_host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin_port must be between 0 and 65535");
        }
    }
}
