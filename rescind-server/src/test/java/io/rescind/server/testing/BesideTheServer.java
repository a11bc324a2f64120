package io.rescind.server.testing;

import io.rescind.core.admin.ClientAdministration;
import io.rescind.core.admin.Operator;
import io.rescind.core.admin.UserAdministration;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.revocation.Revocations;

/**
 * What an admin command (or another node) does beside a running {@link TestServer}: its own services over the same
 * store, with an in-memory state of its own. The server learns of what it commits only through the store's change
 * notices, as it would from the CLI.
 */
public final class BesideTheServer {
    public static final Operator OPERATOR = Operator.cli("tester");

    private final TestServer server;

    public BesideTheServer(TestServer server) {
        this.server = server;
    }

    public Revocations revocations() {
        return Revocations.detached(server.store.revocations(), server.clock);
    }

    public UserAdministration users() {
        return new UserAdministration(server.store.users(), revocations(), server.settings.revocation());
    }

    public ClientAdministration clients() {
        return new ClientAdministration(server.store.clients(), revocations(), server.settings.revocation());
    }

    public SigningKeys signingKeys() {
        var keys = new SigningKeys(
                server.store.signingKeys(),
                new KeyEncryption(server.secrets.keyEncryptionKey()),
                server.clock,
                server.settings.keyRetention());
        keys.reload();
        return keys;
    }
}
