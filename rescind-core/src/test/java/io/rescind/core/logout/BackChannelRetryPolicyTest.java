package io.rescind.core.logout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.logout.BackChannelRetryPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The delivery rule of back-channel logout notices (Back-Channel Logout 1.0 §2.8; docs/revocation.md). */
class BackChannelRetryPolicyTest {
    static final Instant NOW = Instant.parse("2031-05-04T10:00:00Z");
    final BackChannelRetryPolicy policy = new BackChannelRetryPolicy(6);

    @Nested
    class Delivered {
        @ParameterizedTest
        @ValueSource(ints = {200, 204})
        void twoHundredOrNoContentIsDelivered(int status) {
            assertThat(policy.decide(new DeliveryResult.Answered(status), 1, NOW))
                    .isEqualTo(new Decision.Delivered());
        }

        @Test
        void anotherSuccessStatusIsNotTakenForADelivery() {
            assertThat(policy.decide(new DeliveryResult.Answered(202), 1, NOW)).isInstanceOf(Decision.RetryAt.class);
        }
    }

    @Nested
    class PermanentFailures {
        @ParameterizedTest
        @ValueSource(ints = {404, 405, 410, 501})
        void anEndpointThatIsNotThereOrTakesNoPostFailsAtOnce(int status) {
            assertThat(policy.decide(new DeliveryResult.Answered(status), 1, NOW))
                    .isEqualTo(new Decision.Failed("HTTP " + status + " (permanent)"));
        }

        @Test
        void aUriTheOutboundPolicyRefusesFailsAtOnce() {
            assertThat(policy.decide(new DeliveryResult.Refused("internal address"), 1, NOW))
                    .isEqualTo(new Decision.Failed("refused by the outbound policy: internal address"));
        }

        @Test
        void aClientWithoutAReceiverFailsAtOnce() {
            assertThat(policy.decide(new DeliveryResult.NoReceiver("the client is gone"), 1, NOW))
                    .isEqualTo(new Decision.Failed("the client is gone"));
        }
    }

    @Nested
    class Retries {
        @ParameterizedTest
        @ValueSource(ints = {400, 401, 403, 408, 429, 500, 502, 503, 504, 302})
        void anyOtherAnswerIsRetried(int status) {
            assertThat(policy.decide(new DeliveryResult.Answered(status), 1, NOW))
                    .isEqualTo(new Decision.RetryAt(NOW.plusSeconds(5), "HTTP " + status));
        }

        @Test
        void aTimeoutOrAConnectionErrorIsRetried() {
            assertThat(policy.decide(new DeliveryResult.Unreachable("connection refused"), 1, NOW))
                    .isEqualTo(new Decision.RetryAt(NOW.plusSeconds(5), "connection refused"));
        }

        @ParameterizedTest
        @CsvSource({"1, PT5S", "2, PT30S", "3, PT2M", "4, PT10M", "5, PT1H", "9, PT1H"})
        void theBackoffGrowsToHourly(int attempt, Duration wait) {
            assertThat(BackChannelRetryPolicy.backoff(attempt)).isEqualTo(wait);
        }

        @Test
        void theLastAttemptFailsForGoodWithItsError() {
            assertThat(policy.decide(new DeliveryResult.Answered(503), 6, NOW))
                    .isEqualTo(new Decision.Failed("HTTP 503 (gave up after 6 attempts)"));
        }

        @Test
        void theAttemptBeforeTheLastIsStillRetried() {
            assertThat(policy.decide(new DeliveryResult.Answered(503), 5, NOW))
                    .isEqualTo(new Decision.RetryAt(NOW.plus(Duration.ofHours(1)), "HTTP 503"));
        }
    }
}
