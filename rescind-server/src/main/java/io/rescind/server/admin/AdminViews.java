package io.rescind.server.admin;

import io.rescind.core.admin.OperatorRevocation;
import io.rescind.core.feature.Feature;
import io.rescind.core.grant.LiveGrant;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.revocation.AuditEntry;
import io.rescind.core.session.LoginSession;
import io.rescind.core.user.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the admin API (and of {@code rescind audit --json}). Never a password hash, a secret or token
 * material: a grant is shown by its id and what it covers.
 */
public final class AdminViews {
    private AdminViews() {}

    public static Map<String, Object> user(User u) {
        var m = new LinkedHashMap<String, Object>();
        m.put("uid", u.uid().value());
        m.put("sub", u.sub().value());
        m.put("status", u.isActive() ? "active" : "disabled");
        u.email().ifPresent(e -> m.put("email", e.value()));
        u.phoneNumber().ifPresent(p -> m.put("phone_number", p.value()));
        u.name().ifPresent(n -> m.put("name", n));
        m.put("roles", u.roles());
        return m;
    }

    public static Map<String, Object> session(LoginSession s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("sid", s.sid().value());
        m.put("sub", s.sub().value());
        m.put("auth_time", s.authTime().toString());
        m.put("last_seen_at", s.lastSeenAt().toString());
        m.put("expires_at", s.expiresAt().toString());
        return m;
    }

    public static Map<String, Object> grant(LiveGrant live) {
        var g = live.grant();
        var m = new LinkedHashMap<String, Object>();
        m.put("grant_id", g.id().value());
        m.put("client_id", g.clientId().value());
        m.put("sub", g.sub().value());
        g.sid().ifPresent(sid -> m.put("sid", sid.value()));
        m.put("scope", g.scope().encode());
        m.put("audience", g.audience());
        m.put("auth_time", g.authTime().toString());
        m.put("created_at", live.createdAt().toString());
        m.put("access_expires_at", live.accessExpiresAt().toString());
        live.refreshExpiresAt().ifPresent(at -> m.put("refresh_expires_at", at.toString()));
        return m;
    }

    public static Map<String, Object> flag(Feature feature, boolean enabled) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", feature.name());
        m.put("enabled", enabled);
        m.put("default", feature.byDefault() == Feature.State.ENABLED);
        return m;
    }

    public static Map<String, Object> auditEntry(AuditEntry e) {
        var m = new LinkedHashMap<String, Object>();
        m.put("seq", e.seq());
        m.put("at", e.at().toString());
        m.put("kind", e.kind());
        m.put("target", e.target());
        m.put("initiator", e.initiator());
        m.put("interface", e.via());
        m.put("caller_ip", e.callerIp().orElse(null));
        m.put("reason", e.reason());
        e.detail().ifPresent(d -> m.put("detail", d));
        return m;
    }

    public static Map<String, Object> audit(String logGeneration, List<AuditEntry> entries) {
        var m = new LinkedHashMap<String, Object>();
        m.put("log_generation", logGeneration);
        m.put("entries", entries.stream().map(AdminViews::auditEntry).toList());
        return m;
    }

    /** A back-channel logout notice: where it stands and why it failed last (the logout token is never kept). */
    public static Map<String, Object> outboxEntry(OutboxEntry e) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", e.id());
        m.put("client_id", e.clientId().value());
        m.put("jti", e.jti());
        m.put("sub", e.sub().value());
        e.sid().ifPresent(sid -> m.put("sid", sid.value()));
        m.put("state", e.state().value());
        m.put("attempts", e.attempts());
        m.put("next_attempt_at", e.nextAttemptAt().toString());
        e.lastError().ifPresent(error -> m.put("last_error", error));
        m.put("created_at", e.createdAt().toString());
        m.put("updated_at", e.updatedAt().toString());
        return m;
    }

    public static Map<String, Object> revoked(OperatorRevocation.Revoked revoked) {
        var m = new LinkedHashMap<String, Object>();
        m.put("revoked", Map.of("type", revoked.type(), "id", revoked.id()));
        revoked.seq().ifPresent(seq -> m.put("seq", seq));
        return m;
    }
}
