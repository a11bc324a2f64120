package io.rescind.core.revocation;

import java.util.List;

/**
 * One read of the revocation log.
 *
 * @param position where the next read starts
 * @param events what the read found; applying an event twice changes nothing
 * @param whole whether {@code events} is the whole live state (a first read, or a new log generation), which
 *     replaces what the reader knew rather than adding to it
 */
public record LogRead(LogPosition position, List<RevocationEvent> events, boolean whole) {
    public LogRead {
        events = List.copyOf(events);
    }
}
