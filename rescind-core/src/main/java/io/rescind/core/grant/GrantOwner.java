package io.rescind.core.grant;

import io.rescind.core.client.ClientId;
import io.rescind.core.user.Subject;

/** Whose grants to list: a user's or a client's. */
public sealed interface GrantOwner {
    record OfUser(Subject sub) implements GrantOwner {}

    record OfClient(ClientId clientId) implements GrantOwner {}
}
