package io.rescind.bench.load;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Optional;

/**
 * The machine's PostgreSQL for the driver's tests, named by {@code RESCIND_TEST_DB_URL} (and
 * {@code RESCIND_TEST_DB_USER}, {@code RESCIND_TEST_DB_PASSWORD}) as for the store's tests. A test that needs it skips
 * without it, except under CI ({@code CI=true}), where it must run.
 */
final class TestPostgres {
    private TestPostgres() {}

    static Jdbc required() {
        Optional<String> url = variable("RESCIND_TEST_DB_URL");
        if (url.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("RESCIND_TEST_DB_URL must name the machine's PostgreSQL under CI");
        }
        assumeThat(url).as("RESCIND_TEST_DB_URL names the machine's PostgreSQL").isPresent();
        return new Jdbc(
                url.orElseThrow(),
                variable("RESCIND_TEST_DB_USER").orElse("postgres"),
                variable("RESCIND_TEST_DB_PASSWORD"));
    }

    private static Optional<String> variable(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
