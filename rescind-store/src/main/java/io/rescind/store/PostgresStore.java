package io.rescind.store;

import java.time.Clock;

/** Every PostgreSQL-backed store of Rescind over one pooled database. */
public final class PostgresStore implements AutoCloseable {
    private final Database database;
    private final ConnectionSettings settings;
    private final PgClients clients;
    private final PgUsers users;
    private final PgSigningKeys signingKeys;
    private final PgGrants grants;
    private final PgSessions sessions;
    private final PgLoginTransactions loginTransactions;
    private final PgLoginAttempts loginAttempts;
    private final PgJtiReplay jtiReplay;
    private final PgRevocationLog revocationLog;
    private final PgRevocations revocations;
    private final PgFeatures features;
    private final PgMaintenance maintenance;
    private final PgBackChannelOutbox backChannelOutbox;
    private final PgAudit audit;
    private final PgRestoreFence restoreFence;

    private PostgresStore(Database database, ConnectionSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        var jdbc = database.jdbc();
        this.clients = new PgClients(jdbc, clock);
        this.users = new PgUsers(jdbc, clock);
        this.signingKeys = new PgSigningKeys(jdbc);
        this.grants = new PgGrants(jdbc);
        this.sessions = new PgSessions(jdbc);
        this.loginTransactions = new PgLoginTransactions(jdbc);
        this.loginAttempts = new PgLoginAttempts(jdbc);
        this.jtiReplay = new PgJtiReplay(jdbc);
        this.revocationLog = new PgRevocationLog(jdbc);
        this.revocations = new PgRevocations(jdbc);
        this.features = new PgFeatures(jdbc, clock);
        this.maintenance = new PgMaintenance(jdbc);
        this.backChannelOutbox = new PgBackChannelOutbox(jdbc);
        this.audit = new PgAudit(jdbc);
        this.restoreFence = new PgRestoreFence(jdbc);
    }

    /** Opens the database (durability check, migrations) and the stores over it. */
    public static PostgresStore open(ConnectionSettings settings, PoolSettings pool, Clock clock) {
        return new PostgresStore(Database.open(settings, pool), settings, clock);
    }

    public ConnectionSettings connectionSettings() {
        return settings;
    }

    public PgClients clients() {
        return clients;
    }

    public PgUsers users() {
        return users;
    }

    public PgSigningKeys signingKeys() {
        return signingKeys;
    }

    public PgGrants grants() {
        return grants;
    }

    public PgSessions sessions() {
        return sessions;
    }

    public PgLoginTransactions loginTransactions() {
        return loginTransactions;
    }

    public PgLoginAttempts loginAttempts() {
        return loginAttempts;
    }

    public PgJtiReplay jtiReplay() {
        return jtiReplay;
    }

    public PgRevocationLog revocationLog() {
        return revocationLog;
    }

    public PgRevocations revocations() {
        return revocations;
    }

    public PgFeatures features() {
        return features;
    }

    public PgMaintenance maintenance() {
        return maintenance;
    }

    public PgBackChannelOutbox backChannelOutbox() {
        return backChannelOutbox;
    }

    public PgRestoreFence restoreFence() {
        return restoreFence;
    }

    public PgAudit audit() {
        return audit;
    }

    /** How many of the pool's connections are in use, idle and awaited now. */
    public PoolUse poolUse() {
        return database.poolUse();
    }

    /** Whether the database answers a trivial query now. */
    public boolean isReachable() {
        try {
            return database.jdbc()
                    .run(c -> io.rescind.store.sql.Jdbc.one(c, "SELECT 1", row -> row.getInt(1)))
                    .isPresent();
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
