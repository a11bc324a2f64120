package io.rescind.server.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.admin.ClientAdministration;
import io.rescind.core.admin.OperatorTarget;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.ClientStore;
import io.rescind.core.client.GrantType;
import io.rescind.server.http.Responses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/clients}: list, show, disable and delete clients. Disabling and deleting revoke everything issued to
 * the client first (DESIGN §1.3); the client epoch outlives a deleted client.
 */
public final class AdminClientsEndpoint {
    private final ClientStore clients;
    private final ClientAdministration administration;

    public AdminClientsEndpoint(ClientStore clients, ClientAdministration administration) {
        this.clients = clients;
        this.administration = administration;
    }

    /** {@code GET /admin/clients}. */
    public void list(ServerRequest req, ServerResponse res) {
        AdminRequests.query(req, java.util.Set.of());
        Responses.json(
                res,
                200,
                Map.of(
                        "clients",
                        clients.list().stream().map(AdminClientsEndpoint::view).toList()));
    }

    /** {@code GET /admin/clients/{client_id}}. */
    public void show(ServerRequest req, ServerResponse res) {
        Responses.json(res, 200, view(find(req)));
    }

    /** {@code POST /admin/clients/{client_id}/disable}: revokes everything issued to the client, then disables it. */
    public void disable(ServerRequest req, ServerResponse res) {
        Client client = find(req);
        administration.disable(client, AdminRequests.operator(req));
        Responses.json(res, 200, view(client.withStatus(ClientStatus.DISABLED)));
    }

    /** {@code DELETE /admin/clients/{client_id}}: revokes everything issued to the client, then deletes it. */
    public void delete(ServerRequest req, ServerResponse res) {
        administration.remove(find(req), AdminRequests.operator(req));
        Responses.noStore(res);
        res.status(Status.NO_CONTENT_204).send();
    }

    private Client find(ServerRequest req) {
        var id = OperatorTarget.clientId(AdminRequests.path(req, "client_id"));
        return clients.find(id).orElseThrow(() -> AdminRequests.notFound("no such client"));
    }

    /** Registration metadata without the secret's hash. */
    private static Map<String, Object> view(Client c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("client_id", c.id().value());
        m.put("status", c.isActive() ? "active" : "disabled");
        m.put("token_endpoint_auth_method", c.authMethod().value());
        m.put(
                "grant_types",
                c.grantTypes().stream().map(GrantType::value).sorted().toList());
        m.put("scope", c.scope().encode());
        m.put("redirect_uris", c.redirectUris().stream().map(Object::toString).toList());
        return m;
    }
}
