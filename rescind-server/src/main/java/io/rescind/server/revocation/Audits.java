package io.rescind.server.revocation;

import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.client.Client;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.server.http.ClientAddress;
import java.util.Optional;

/** The audit entry of a revocation made through an HTTP endpoint: who, through which interface, from where. */
final class Audits {
    private Audits() {}

    static RevocationAudit byClient(Client client, RevocationInterface via, ServerRequest req) {
        return new RevocationAudit("client:" + client.id(), via, Optional.of(ClientAddress.of(req)), via.value());
    }
}
