package io.rescind.store.embedded;

import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.SecretFiles;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.StoreException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that Rescind starts itself from binaries in a Maven artifact (DESIGN §5), with its data in
 * {@code <data-dir>/pg}.
 *
 * <p>zonky's defaults are not ours: it turns {@code fsync} off and trusts every local connection. Here durability is
 * on ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}), the only way in is SCRAM over loopback
 * with a random password kept in a 0600 file, Unix sockets are off, and the binaries unpack under a 0700 folder.
 *
 * <p>One process owns a data folder's PostgreSQL at a time (a file lock). The server owns it while it runs; an admin
 * command run beside a running server attaches to it instead of starting another.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String DATABASE = "rescind";
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    /** Who opens the data folder: the server must own PostgreSQL; an admin command may attach to a running one. */
    public enum Opener {
        SERVER,
        ADMIN_COMMAND
    }

    /** Whether a start must set the superuser's password (a fresh cluster, or a lost password file). */
    private enum Superuser {
        SET_PASSWORD,
        KEEP_PASSWORD
    }

    private final EmbeddedLayout layout;
    private final ConnectionSettings connection;
    private final Optional<EmbeddedPostgres> postgres;
    private final Optional<FileChannel> lockChannel;
    private final Optional<FileLock> lock;

    private EmbeddedPostgresServer(
            EmbeddedLayout layout,
            ConnectionSettings connection,
            Optional<EmbeddedPostgres> postgres,
            Optional<FileChannel> lockChannel,
            Optional<FileLock> lock) {
        this.layout = layout;
        this.connection = connection;
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts (or, for an admin command beside a running server, attaches to) the data folder's PostgreSQL.
     *
     * @param waitForOwner how long to wait when another process owns it (an admin command finishing)
     */
    public static EmbeddedPostgresServer open(Path dataDirectory, Opener opener, Duration waitForOwner) {
        var layout = new EmbeddedLayout(dataDirectory.toAbsolutePath().normalize());
        SecretFiles.privateDirectory(layout.root());
        Instant deadline = Instant.now().plus(waitForOwner);
        FileChannel channel = openLockChannel(layout);
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return start(layout, channel, lock, opener);
                }
                Optional<Instance> owner = Instance.read(layout.instanceFile());
                if (opener == Opener.ADMIN_COMMAND
                        && owner.isPresent()
                        && owner.get().isReachable(layout)) {
                    closeQuietly(channel);
                    return attach(layout, owner.get());
                }
                if (opener == Opener.SERVER && owner.isPresent() && owner.get().opener() == Opener.SERVER) {
                    throw new StoreException("the data folder " + dataDirectory + " is in use by another Rescind server"
                            + " (pid " + owner.get().pid() + ")");
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new StoreException("the data folder " + dataDirectory + " is locked by another process"
                            + owner.map(o -> " (pid " + o.pid() + ")").orElse(""));
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            throw new StoreException("interrupted while waiting for the data folder");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public ConnectionSettings connection() {
        return connection;
    }

    /** The pid of this data folder's postmaster, while this process owns it. */
    public Optional<Long> postmasterPid() {
        // zonky's process is pg_ctl, which exits once the server is up; PostgreSQL records its postmaster here.
        return postgres.flatMap(p -> StalePostmaster.readPid(layout.pgData().resolve("postmaster.pid")))
                .filter(pid -> pid > 0);
    }

    private static EmbeddedPostgresServer start(
            EmbeddedLayout layout, FileChannel channel, FileLock lock, Opener opener) {
        EmbeddedPostgres postgres;
        String password;
        try {
            checkPlatform();
            StalePostmaster.clear(layout);
            boolean freshCluster = !Files.exists(layout.pgData().resolve("postgresql.conf"));
            Optional<String> existing = Files.exists(layout.passwordFile())
                    ? Optional.of(SecretFiles.read(layout.passwordFile()))
                    : Optional.empty();
            password = existing.filter(p -> !freshCluster).orElseGet(() -> Entropy.base64url(24));
            postgres = startPostgres(
                    layout,
                    password,
                    freshCluster || existing.isEmpty() ? Superuser.SET_PASSWORD : Superuser.KEEP_PASSWORD);
        } catch (StoreException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            closeQuietly(channel);
            throw cannotStart(layout, e);
        }
        var connection = new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE, SUPERUSER, Optional.of(password));
        try {
            createDatabase(postgres.getPort(), password);
            new Instance(ProcessHandle.current().pid(), postgres.getPort(), opener).write(layout.instanceFile());
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            closeQuietly(channel);
            throw e;
        }
        LOG.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), layout.pgData());
        return new EmbeddedPostgresServer(
                layout, connection, Optional.of(postgres), Optional.of(channel), Optional.of(lock));
    }

    private static EmbeddedPostgres startPostgres(EmbeddedLayout layout, String password, Superuser superuser)
            throws IOException {
        var resolver = new RecordingBinaryResolver();
        Files.createDirectories(layout.pgData());
        return EmbeddedPostgres.builder()
                .setDataDirectory(layout.pgData())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(layout.binaries().toFile())
                .setPgBinaryResolver(resolver)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "100")
                .setConnectConfig("password", password)
                .setOutputRedirector(
                        ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                .setErrorRedirector(
                        ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                .setDataDirectoryCustomizer(pgData -> {
                    PasswordAuthentication.writeHba(pgData.toPath());
                    if (superuser == Superuser.SET_PASSWORD) {
                        Path bin = resolver.binDirectory(layout.binaries())
                                .orElseThrow(() -> new IllegalStateException("PostgreSQL binaries not unpacked"));
                        PasswordAuthentication.setSuperuserPassword(bin, pgData.toPath(), password, layout.logFile());
                        SecretFiles.write(layout.passwordFile(), password);
                    }
                })
                .start();
    }

    private static EmbeddedPostgresServer attach(EmbeddedLayout layout, Instance owner) {
        String password = SecretFiles.read(layout.passwordFile());
        var connection = new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + owner.port() + "/" + DATABASE, SUPERUSER, Optional.of(password));
        return new EmbeddedPostgresServer(layout, connection, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux")
                && "root".equals(System.getProperty("user.name"))
                && !LinuxUtils.isUnshareAvailable()) {
            throw new StoreException("the embedded PostgreSQL cannot run as root here: PostgreSQL refuses root, and"
                    + " user namespaces ('unshare -U') are not available. " + EXTERNAL_HINT);
        }
    }

    private static final String EXTERNAL_HINT = "Run Rescind as another user, or point it at a PostgreSQL 15+ server:"
            + " --db-url jdbc:postgresql://HOST:5432/DB --db-user USER --db-password-file FILE";

    private static StoreException cannotStart(EmbeddedLayout layout, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof ExceptionInInitializerError
                || reason.contains("Missing embedded postgres binaries")
                || reason.contains("Unknown OS")) {
            reason = "no bundled PostgreSQL binaries for " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch");
        }
        return new StoreException(
                "the embedded PostgreSQL could not start: " + reason + " (its log: " + layout.logFile() + "). "
                        + EXTERNAL_HINT,
                cause);
    }

    private static void createDatabase(int port, String password) {
        var props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
                var statement = c.createStatement();
                var rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rows.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot create the embedded database: " + e.getMessage(), e);
        }
    }

    private static FileChannel openLockChannel(EmbeddedLayout layout) {
        try {
            return FileChannel.open(layout.ownerLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + layout.ownerLock(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM already owns it (a test running two servers on one folder)
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the data folder", e);
        }
    }

    /** Stops PostgreSQL (a fast shutdown: open transactions roll back, committed ones are on disk) if owned. */
    @Override
    public void close() {
        postgres.ifPresent(pg -> {
            try {
                Files.deleteIfExists(layout.instanceFile());
            } catch (IOException e) {
                LOG.warn("cannot remove {}", layout.instanceFile(), e);
            }
            closeQuietly(pg);
            LOG.info("Embedded PostgreSQL stopped");
        });
        lock.ifPresent(l -> {
            try {
                l.release();
            } catch (IOException e) {
                LOG.warn("cannot release the data folder lock", e);
            }
        });
        lockChannel.ifPresent(EmbeddedPostgresServer::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("while closing {}", closeable, e);
        }
    }
}
