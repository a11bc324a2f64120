package io.rescind.core.revocation;

import io.rescind.core.session.SessionId;
import java.util.List;

/**
 * What a committed revocation did: the events the in-memory state must apply, the sessions it ended, and how many
 * back-channel logout notices it queued.
 */
public record ExecutedRevocation(List<RevocationEvent> events, List<SessionId> endedSessions, int backChannelNotices) {
    public ExecutedRevocation {
        events = List.copyOf(events);
        endedSessions = List.copyOf(endedSessions);
    }
}
