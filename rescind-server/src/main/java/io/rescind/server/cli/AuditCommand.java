package io.rescind.server.cli;

import io.rescind.core.revocation.AuditEntry;
import io.rescind.core.revocation.AuditQuery;
import io.rescind.server.admin.AdminViews;
import io.rescind.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rescind audit}: who revoked what, when and how, from the revocation log, newest first. */
@Command(name = "audit", description = "Show the revocation log: who revoked what, when and how, newest first.")
final class AuditCommand implements Callable<Integer> {
    @Mixin
    StoreMixin store;

    @Option(
            names = "--since",
            paramLabel = "ISO-8601",
            description = "Only entries at or after, e.g. 2025-01-31T12:00:00Z.")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default 100, at most 1000).")
    String limit;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            description = "access_token, grant, session, subject_epoch, client_epoch or signing_key.")
    String kind;

    @Option(
            names = "--target",
            paramLabel = "TARGET",
            description = "Only entries about this jti, grant, sid, sub, client or kid.")
    String target;

    @Option(names = "--json", description = "Print JSON, as the admin API's GET /admin/audit.")
    boolean json;

    @Override
    public Integer call() {
        var query = AuditQuery.parse(
                Optional.ofNullable(since),
                Optional.ofNullable(limit),
                Optional.ofNullable(kind),
                Optional.ofNullable(target));
        try (var admin = new AdminContext(store)) {
            List<AuditEntry> entries = admin.store().audit().entries(query);
            String generation = admin.store().audit().generation();
            if (json) {
                System.out.println(
                        new String(Json.write(AdminViews.audit(generation, entries)), StandardCharsets.UTF_8));
                return 0;
            }
            System.out.println("revocation log generation " + generation);
            System.out.printf(
                    "%-8s %-27s %-14s %-24s %-24s %-24s %-16s %s%n",
                    "SEQ", "TIME", "KIND", "TARGET", "INITIATOR", "INTERFACE", "CALLER_IP", "REASON");
            for (AuditEntry e : entries) {
                System.out.printf(
                        "%-8d %-27s %-14s %-24s %-24s %-24s %-16s %s%n",
                        e.seq(),
                        e.at(),
                        e.kind(),
                        e.target(),
                        e.initiator(),
                        e.via(),
                        e.callerIp().orElse("-"),
                        e.reason());
            }
            return 0;
        }
    }
}
