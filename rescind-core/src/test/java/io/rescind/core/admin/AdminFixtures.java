package io.rescind.core.admin;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.ClientStore;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RegisteredClient;
import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.RevocationStore;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.secret.SecretHash;
import io.rescind.core.testing.TestClock;
import io.rescind.core.user.Email;
import io.rescind.core.user.PhoneNumber;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.core.user.UserStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Users, clients and in-memory stores that write down, in one journal, what was done in which order. */
final class AdminFixtures {
    static final SecretHash HASH = new SecretHash("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA");
    static final SecretHash OTHER_HASH = new SecretHash("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$b3RoZXI");

    private AdminFixtures() {}

    static User user(UserStatus status) {
        return new User(
                Subject.random(),
                new Uid("alice"),
                Optional.of(new Email("alice@example.com")),
                Optional.<PhoneNumber>empty(),
                Optional.empty(),
                List.of(),
                HASH,
                status);
    }

    static Client client() {
        return new ClientBuilder(new ClientId("batch"))
                .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                .secretHash(Optional.of(HASH))
                .build();
    }

    /**
     * What happened, in order: "save", "remove", or "revoke <reason>" followed by "+ save" or "+ remove" when the
     * change was made in the revocation's transaction.
     */
    static final class Journal {
        final List<String> entries = new ArrayList<>();
        boolean revocationFails;
        Users users;
        Clients clients;

        Revocations revocations() {
            RevocationStore store = (effects, audit, now) -> {
                if (revocationFails) {
                    throw new IllegalStateException("the database is gone");
                }
                var entry = new StringBuilder("revoke " + audit.reason());
                for (RevocationEffect effect : effects) {
                    if (effect instanceof RevocationEffect.AdminChangeEffect change) {
                        entry.append(" + ").append(apply(change));
                    }
                }
                entries.add(entry.toString());
                return new ExecutedRevocation(List.of(), List.of(), 0, OptionalLong.of(entries.size()));
            };
            return new Revocations(store, new RevocationState(), new TestClock(), () -> {});
        }

        private String apply(RevocationEffect.AdminChangeEffect change) {
            switch (change) {
                case RevocationEffect.SaveUser u -> users.users.put(u.user().sub(), u.user());
                case RevocationEffect.RemoveUser u -> users.users.remove(u.sub());
                case RevocationEffect.SaveClient k ->
                    clients.clients.put(k.client().id(), k.client());
                case RevocationEffect.RemoveClient k -> clients.clients.remove(k.clientId());
            }
            return change instanceof RevocationEffect.RemoveUser || change instanceof RevocationEffect.RemoveClient
                    ? "remove"
                    : "save";
        }
    }

    static final class Users implements UserStore {
        final Map<Subject, User> users = new LinkedHashMap<>();
        final Journal journal;

        Users(Journal journal, User... existing) {
            this.journal = journal;
            journal.users = this;
            for (User u : existing) {
                users.put(u.sub(), u);
            }
        }

        @Override
        public Optional<User> find(Subject sub) {
            return Optional.ofNullable(users.get(sub));
        }

        @Override
        public Optional<User> findByUid(Uid uid) {
            return users.values().stream().filter(u -> u.uid().equals(uid)).findFirst();
        }

        @Override
        public Optional<User> findByEmail(Email email) {
            return users.values().stream()
                    .filter(u -> u.email().equals(Optional.of(email)))
                    .findFirst();
        }

        @Override
        public Optional<User> findByPhoneNumber(PhoneNumber phoneNumber) {
            return Optional.empty();
        }

        @Override
        public List<User> list() {
            return List.copyOf(users.values());
        }

        @Override
        public void save(User user) {
            journal.entries.add("save");
            users.put(user.sub(), user);
        }

        @Override
        public boolean remove(Subject sub) {
            journal.entries.add("remove");
            return users.remove(sub) != null;
        }
    }

    static final class Clients implements ClientStore {
        final Map<ClientId, Client> clients = new LinkedHashMap<>();
        final Journal journal;

        Clients(Journal journal, Client... existing) {
            this.journal = journal;
            journal.clients = this;
            for (Client c : existing) {
                clients.put(c.id(), c);
            }
        }

        @Override
        public Optional<Client> find(ClientId id) {
            return Optional.ofNullable(clients.get(id));
        }

        @Override
        public List<Client> list() {
            return List.copyOf(clients.values());
        }

        @Override
        public List<RegisteredClient> registered() {
            return clients.values().stream()
                    .map(c -> new RegisteredClient(c, 0))
                    .toList();
        }

        @Override
        public Optional<RegisteredClient> findRegistered(ClientId id) {
            return find(id).map(c -> new RegisteredClient(c, 0));
        }

        @Override
        public void save(Client client) {
            journal.entries.add("save");
            clients.put(client.id(), client);
        }

        @Override
        public boolean remove(ClientId id) {
            journal.entries.add("remove");
            return clients.remove(id) != null;
        }
    }
}
