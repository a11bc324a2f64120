package io.rescind.core.admin;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.ClientStore;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.secret.SecretHash;
import io.rescind.core.settings.RevocationSettings;
import java.util.Optional;

/**
 * Changes to clients that carry their cascade (DESIGN §1.3), the one path of the CLI, the config file and the admin
 * API. As for users, the revocation and the change commit in one transaction. The client epoch outlives the client, so a client removed and
 * registered again under the same id does not get its old tokens back.
 */
public final class ClientAdministration {
    private final ClientStore clients;
    private final Revocations revocations;
    private final RevocationSettings settings;
    private final Runnable changed;

    /** For a process that holds no clients in memory (the CLI). */
    public ClientAdministration(ClientStore clients, Revocations revocations, RevocationSettings settings) {
        this(clients, revocations, settings, () -> {});
    }

    /**
     * @param changed runs after each change committed, so this server's copy of the clients ({@code ClientCache})
     *     has it before the change is answered; other servers read the clients again on the change notice
     */
    public ClientAdministration(
            ClientStore clients, Revocations revocations, RevocationSettings settings, Runnable changed) {
        this.clients = clients;
        this.revocations = revocations;
        this.settings = settings;
        this.changed = changed;
    }

    /** Saves {@code after} over {@code before} (empty: a new client), revoking what the change calls for. */
    public Optional<AdminChange> save(Optional<Client> before, Client after, Operator operator) {
        Optional<AdminChange> change = AdminChange.ofClient(before, Optional.of(after), settings);
        if (change.isPresent()) {
            revoke(after, change.get(), operator, new RevocationEffect.SaveClient(after));
        } else {
            clients.save(after);
            changed.run();
        }
        return change;
    }

    /** Disables the client and revokes everything issued to it, even when it was disabled already. */
    public void disable(Client client, Operator operator) {
        revoke(
                client,
                AdminChange.CLIENT_DISABLED,
                operator,
                new RevocationEffect.SaveClient(client.withStatus(ClientStatus.DISABLED)));
    }

    public void enable(Client client) {
        clients.save(client.withStatus(ClientStatus.ACTIVE));
        changed.run();
    }

    public void remove(Client client, Operator operator) {
        revoke(client, AdminChange.CLIENT_DELETED, operator, new RevocationEffect.RemoveClient(client.id()));
    }

    /**
     * Gives the client a new secret; revokes everything issued to it when the settings say so. Throws
     * {@code invalid_request} for a client that does not authenticate with a secret.
     */
    public Optional<AdminChange> rotateSecret(Client client, SecretHash newHash, Operator operator) {
        if (!client.authMethod().usesSecret()) {
            throw OAuthError.INVALID_REQUEST.exception("client '" + client.id() + "' authenticates with "
                    + client.authMethod().value() + ", not with a secret");
        }
        Client rotated =
                ClientBuilder.from(client).secretHash(Optional.of(newHash)).build();
        return save(Optional.of(client), rotated, operator);
    }

    private void revoke(
            Client client, AdminChange change, Operator operator, RevocationEffect.AdminChangeEffect effect) {
        revocations.revokeAndChange(new RevocationTarget.Client(client.id()), operator.audit(change.reason()), effect);
        changed.run();
    }
}
