package io.rescind.core.revocation;

import io.rescind.core.session.SessionId;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a committed revocation did: the events the in-memory state must apply, the sessions it ended, how many
 * back-channel logout notices it queued, and the sequence number of the last revocation-log entry it wrote (none
 * when it changed nothing, as for a grant already revoked).
 */
public record ExecutedRevocation(
        List<RevocationEvent> events, List<SessionId> endedSessions, int backChannelNotices, OptionalLong lastSeq) {
    public ExecutedRevocation {
        events = List.copyOf(events);
        endedSessions = List.copyOf(endedSessions);
    }
}
