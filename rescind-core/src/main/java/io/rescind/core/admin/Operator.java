package io.rescind.core.admin;

import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import java.util.Optional;

/** Who makes an admin change, for the audit: the initiator, the interface, and the caller's address if any. */
public record Operator(String initiator, RevocationInterface via, Optional<String> callerIp) {
    public Operator {
        if (initiator.isBlank() || initiator.length() > 300 || initiator.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid initiator");
        }
    }

    /** An operator at the command line, named by their operating-system account. */
    public static Operator cli(String osUser) {
        return new Operator("cli:" + osUser, RevocationInterface.CLI, Optional.empty());
    }

    public static Operator adminApi(String callerIp) {
        return new Operator("admin", RevocationInterface.ADMIN_API, Optional.of(callerIp));
    }

    public static Operator configFile() {
        return new Operator("config-file", RevocationInterface.CONFIG_FILE, Optional.empty());
    }

    public RevocationAudit audit(String reason) {
        return new RevocationAudit(initiator, via, callerIp, reason);
    }
}
