package io.rescind.store;

import static io.rescind.store.testing.TestGrants.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.protocol.FormParameters;
import io.rescind.core.session.LoginTransaction;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pending login transactions: found while live, consumed once, the authorization request kept intact. */
class PgLoginTransactionsTest {
    private static final Duration TTL = Duration.ofMinutes(10);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private static final FormParameters REQUEST = FormParameters.parse(
            "response_type=code&client_id=s6BhdRkqt3&state=xyz&redirect_uri=https%3A%2F%2Fclient%2Eexample%2Ecom%2Fcb"
                    + "&scope=openid%20profile&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                    + "&code_challenge_method=S256");

    private static Instant start() {
        return FreshStores.START;
    }

    private static LoginTransaction transaction(FormParameters request) {
        return new LoginTransaction(request, tokenHash(), start().plus(TTL));
    }

    /** Records compare arrays by identity; this compares what was stored. */
    private static void assertSameTransaction(LoginTransaction actual, LoginTransaction expected) {
        assertThat(actual.authorizationRequest()).isEqualTo(expected.authorizationRequest());
        assertThat(actual.browserHash()).isEqualTo(expected.browserHash());
        assertThat(actual.expiresAt()).isEqualTo(expected.expiresAt());
    }

    @Nested
    class RoundTrip {
        @OnEachDatabase
        void aSavedTransactionIsFoundWithEverything(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            LoginTransaction tx = transaction(REQUEST);

            store.loginTransactions().save(handle, tx);

            assertSameTransaction(
                    store.loginTransactions().find(handle, start()).orElseThrow(), tx);
        }

        @OnEachDatabase
        void parametersSurviveJsonWithQuotesEscapesAndUnicode(Target target) {
            var store = stores.open(target);
            var values = new LinkedHashMap<String, String>();
            values.put("state", "\"quoted\" \\back\\slash {\"json\": [1, 2]} </script>");
            values.put("login_hint", "zoë@exämple.com 日本語 😀");
            values.put("nonce", "line\nbreak\ttab\r");
            values.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}");
            values.put("ui_locales", "fr-CA fr en");
            byte[] handle = tokenHash();
            LoginTransaction tx = transaction(new FormParameters(values));

            store.loginTransactions().save(handle, tx);

            assertThat(store.loginTransactions()
                            .find(handle, start())
                            .orElseThrow()
                            .authorizationRequest()
                            .values())
                    .isEqualTo(Map.copyOf(values));
        }

        @OnEachDatabase
        void anEmptyRequestRoundTrips(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();

            store.loginTransactions().save(handle, transaction(FormParameters.empty()));

            assertThat(store.loginTransactions()
                            .find(handle, start())
                            .orElseThrow()
                            .authorizationRequest())
                    .isEqualTo(FormParameters.empty());
        }
    }

    @Nested
    class Consumption {
        @OnEachDatabase
        void consumeAnswersTheTransaction(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            LoginTransaction tx = transaction(REQUEST);
            store.loginTransactions().save(handle, tx);

            assertSameTransaction(
                    store.loginTransactions().consume(handle, start()).orElseThrow(), tx);
        }

        @OnEachDatabase
        void aTransactionIsConsumedOnlyOnce(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            store.loginTransactions().save(handle, transaction(REQUEST));
            store.loginTransactions().consume(handle, start());

            assertThat(store.loginTransactions().consume(handle, start())).isEmpty();
        }

        @OnEachDatabase
        void aConsumedTransactionIsNoLongerFound(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            store.loginTransactions().save(handle, transaction(REQUEST));

            store.loginTransactions().consume(handle, start());

            assertThat(store.loginTransactions().find(handle, start())).isEmpty();
        }

        @OnEachDatabase
        void consumingOneTransactionLeavesTheOthers(Target target) {
            var store = stores.open(target);
            byte[] mine = tokenHash();
            byte[] other = tokenHash();
            store.loginTransactions().save(mine, transaction(REQUEST));
            store.loginTransactions().save(other, transaction(REQUEST));

            store.loginTransactions().consume(mine, start());

            assertThat(store.loginTransactions().find(other, start())).isPresent();
        }
    }

    @Nested
    class Expiry {
        @OnEachDatabase
        void aTransactionIsFoundUntilJustBeforeItExpires(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            store.loginTransactions().save(handle, transaction(REQUEST));

            assertThat(store.loginTransactions().find(handle, start().plus(TTL).minusSeconds(1)))
                    .isPresent();
        }

        @OnEachDatabase
        void anExpiredTransactionIsNotFound(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            store.loginTransactions().save(handle, transaction(REQUEST));

            assertThat(store.loginTransactions().find(handle, start().plus(TTL)))
                    .isEmpty();
        }

        @OnEachDatabase
        void anExpiredTransactionCannotBeConsumed(Target target) {
            var store = stores.open(target);
            byte[] handle = tokenHash();
            store.loginTransactions().save(handle, transaction(REQUEST));

            assertThat(store.loginTransactions().consume(handle, start().plus(TTL)))
                    .isEmpty();
        }
    }
}
