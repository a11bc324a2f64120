package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.testing.TestClock;
import io.rescind.store.testing.FreshDatabases;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A start fails at once on what waiting cannot mend, and waits for a PostgreSQL that is not there yet. */
class FirstConnectionTest {
    static final Duration SHORT_WAIT = Duration.ofSeconds(1);

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @Test
    void aRefusedPasswordFailsTheOpenAtOnceWithPostgresqlsReason() {
        ConnectionSettings database = databases.create();
        var wrong = new ConnectionSettings(database.jdbcUrl(), database.user(), Optional.of("not-the-password"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> PostgresStore.open(wrong, PoolSettings.of(2), new TestClock()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL")
                .hasMessageContaining("password authentication failed");

        // Waiting would not mend it: the pool's wait for a server not up yet is FirstConnection.WAIT.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FirstConnection.WAIT.dividedBy(3));
    }

    @Test
    void aDatabaseThatDoesNotExistFailsAtOnce() {
        ConnectionSettings database = databases.create();
        var missing = new ConnectionSettings(
                database.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/rescind_no_such_database$1"),
                database.user(),
                database.password());

        assertThatThrownBy(() -> FirstConnection.await(missing, FirstConnection.WAIT))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("rescind_no_such_database")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aPortNobodyListensOnIsTriedAgainUntilTheWaitIsOver() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var nobody =
                new ConnectionSettings("jdbc:postgresql://127.0.0.1:" + port + "/rescind", "rescind", Optional.empty());
        long start = System.nanoTime();

        assertThatThrownBy(() -> FirstConnection.await(nobody, SHORT_WAIT))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refused");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT_WAIT.minusMillis(200));
    }

    @Test
    void aReachableDatabaseIsConnectedAtOnce() {
        ConnectionSettings database = databases.create();

        FirstConnection.await(database, SHORT_WAIT);
    }

    @Test
    void aUrlThePasswordIsInNeverReachesTheMessageNorACause() {
        var unparsable = new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:54x2/rescind?password=url-secret", "rescind", Optional.empty());

        assertThatThrownBy(() -> FirstConnection.await(unparsable, SHORT_WAIT))
                .isInstanceOf(StoreException.class)
                .hasNoCause()
                .hasMessageNotContaining("url-secret");
    }

    @Test
    void aConnectionClosedDuringTheHandshakeIsWorthWaitingFor() {
        var closed = new SQLException("EOF", "08006", new java.io.EOFException());

        assertThat(FirstConnection.worthWaitingFor(closed)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P03", "53300"})
    void postgresqlStartingUpOrOutOfConnectionsIsWorthWaitingFor(String state) {
        assertThat(FirstConnection.worthWaitingFor(new SQLException("busy", state)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"28P01", "28000", "3D000", "08004", "08006"})
    void aRefusalIsNot(String state) {
        assertThat(FirstConnection.worthWaitingFor(new SQLException("refused", state)))
                .isFalse();
    }

    @Test
    void aConnectionRefusedBeneathTheDriversErrorIs() {
        var refused = new SQLException("Connection to 127.0.0.1:1 refused", "08001", new ConnectException("refused"));

        assertThat(FirstConnection.worthWaitingFor(refused)).isTrue();
    }
}
