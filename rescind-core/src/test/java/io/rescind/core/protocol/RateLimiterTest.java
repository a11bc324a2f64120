package io.rescind.core.protocol;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final TestClock clock = new TestClock();
    final RateLimiter limiter = new RateLimiter(3, clock);

    @Test
    void aBurstUpToTheLimitPassesAndTheNextIs429() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }
        assertThatThrownBy(() -> limiter.acquire("a"))
                .isInstanceOfSatisfying(
                        OAuthException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.status())
                                .isEqualTo(429));
    }

    @Test
    void keysAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }
        assertThatCode(() -> limiter.acquire("b")).doesNotThrowAnyException();
    }

    @Test
    void tokensComeBackAtTheRateAndRefusedRequestsCostNothing() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(OAuthException.class);
        }
        clock.advance(Duration.ofSeconds(20)); // 3 a minute: one token every 20 seconds
        assertThatCode(() -> limiter.acquire("a")).doesNotThrowAnyException();
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(OAuthException.class);
    }
}
