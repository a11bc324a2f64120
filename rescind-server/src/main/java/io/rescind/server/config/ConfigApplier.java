package io.rescind.server.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.ClientStore;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.user.Uid;
import io.rescind.core.user.UserStore;
import java.nio.file.Path;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the config file's clients and users at every start. The file is authoritative for the entries and fields
 * it declares (a restart puts them back as written); entries it does not declare are left alone.
 */
public final class ConfigApplier {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigApplier.class);
    private final ClientStore clients;
    private final UserStore users;
    private final SecretHashing hashing;

    public ConfigApplier(ClientStore clients, UserStore users, SecretHashing hashing) {
        this.clients = clients;
        this.users = users;
        this.hashing = hashing;
    }

    public void apply(ConfigFile file) {
        Path baseDir = file.path().toAbsolutePath().getParent();
        var seen = new HashSet<String>();
        for (ObjectNode entry : file.clients()) {
            String id = SecretSource.text(entry, "client_id", "client");
            if (!seen.add("client:" + id)) {
                throw new ConfigException("client '" + id + "' is declared twice");
            }
            var client = ClientMetadata.apply(clients.find(new ClientId(id)), entry, hashing, baseDir);
            clients.save(client);
        }
        for (ObjectNode entry : file.users()) {
            String uid = SecretSource.text(entry, "uid", "user");
            if (!seen.add("user:" + uid)) {
                throw new ConfigException("user '" + uid + "' is declared twice");
            }
            var user = UserFields.apply(users.findByUid(new Uid(uid)), entry, hashing, baseDir);
            try {
                users.save(user);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("user '" + uid + "': " + e.getMessage(), e);
            }
        }
        LOG.info(
                "Applied {} client(s) and {} user(s) from {}",
                file.clients().size(),
                file.users().size(),
                file.path());
    }
}
