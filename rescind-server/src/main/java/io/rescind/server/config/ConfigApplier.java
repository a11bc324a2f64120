package io.rescind.server.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rescind.core.admin.ClientAdministration;
import io.rescind.core.admin.Operator;
import io.rescind.core.admin.UserAdministration;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.ClientStore;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the config file's clients and users at every start. The file is authoritative for the entries and fields
 * it declares (a restart puts them back as written); entries it does not declare are left alone. A change the file
 * makes carries its cascade like any admin change (DESIGN §1.3): {@code disabled: true} on an entry that was enabled,
 * a new password, a new client secret (when the settings say so). Applying the same file again changes nothing, so
 * it revokes nothing.
 */
public final class ConfigApplier {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigApplier.class);
    private final ClientStore clients;
    private final UserStore users;
    private final SecretHashing hashing;
    private final ClientAdministration clientAdministration;
    private final UserAdministration userAdministration;

    public ConfigApplier(
            ClientStore clients,
            UserStore users,
            SecretHashing hashing,
            ClientAdministration clientAdministration,
            UserAdministration userAdministration) {
        this.clients = clients;
        this.users = users;
        this.hashing = hashing;
        this.clientAdministration = clientAdministration;
        this.userAdministration = userAdministration;
    }

    /** A user of the file as it stands in the store, and as the file makes it. */
    private record DeclaredUser(Optional<User> existing, User user) {}

    public void apply(ConfigFile file) {
        Path baseDir = file.path().toAbsolutePath().getParent();
        var seen = new HashSet<String>();
        for (ObjectNode entry : file.clients()) {
            String id = SecretSource.text(entry, "client_id", "client");
            if (!seen.add("client:" + id)) {
                throw new ConfigException("client '" + id + "' is declared twice");
            }
            var existing = clients.find(new ClientId(id));
            var client = ClientMetadata.apply(existing, entry, hashing, baseDir);
            clientAdministration.save(existing, client, Operator.configFile());
        }
        for (ObjectNode entry : file.users()) {
            String uid = SecretSource.text(entry, "uid", "user");
            if (!seen.add("user:" + uid)) {
                throw new ConfigException("user '" + uid + "' is declared twice");
            }
        }
        for (DeclaredUser declared : declaredUsers(file, baseDir)) {
            try {
                userAdministration.save(declared.existing(), declared.user(), Operator.configFile());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("user '" + declared.user().uid().value() + "': " + e.getMessage(), e);
            }
        }
        LOG.info(
                "Applied {} client(s) and {} user(s) from {}",
                file.clients().size(),
                file.users().size(),
                file.path());
    }

    /**
     * The file's users as it makes them, in its order. Checking a declared password against the stored hash is an
     * Argon2id computation, tens of milliseconds for each user at every start: they run on as many threads as there
     * are processors (never more than Argon2id lets run at once, so none waits for a slot).
     */
    private List<DeclaredUser> declaredUsers(ConfigFile file, Path baseDir) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (ExecutorService checks = Executors.newFixedThreadPool(threads)) {
            List<Future<DeclaredUser>> declared = file.users().stream()
                    .map(entry -> checks.submit(() -> {
                        var existing = users.findByUid(new Uid(SecretSource.text(entry, "uid", "user")));
                        return new DeclaredUser(existing, UserFields.apply(existing, entry, hashing, baseDir));
                    }))
                    .toList();
            List<DeclaredUser> inOrder = new ArrayList<>();
            for (Future<DeclaredUser> user : declared) {
                inOrder.add(result(user));
            }
            return inOrder;
        }
    }

    /** The outcome of a check; the first failure in the file's order is the one reported. */
    private static DeclaredUser result(Future<DeclaredUser> user) {
        try {
            return user.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while applying the config file's users", e);
        }
    }
}
