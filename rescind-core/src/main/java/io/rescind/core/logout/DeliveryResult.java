package io.rescind.core.logout;

/** What happened when a logout token was sent to a client's {@code backchannel_logout_uri}. */
public sealed interface DeliveryResult {
    /** The receiver answered with this HTTP status. */
    record Answered(int status) implements DeliveryResult {}

    /** No answer within the deadline, or the connection failed. */
    record Unreachable(String reason) implements DeliveryResult {}

    /** The outbound policy refused the URI (DESIGN §4): nothing was sent. */
    record Refused(String reason) implements DeliveryResult {}

    /** The client is gone, disabled, or no longer registers a back-channel logout URI: nothing was sent. */
    record NoReceiver(String reason) implements DeliveryResult {}
}
