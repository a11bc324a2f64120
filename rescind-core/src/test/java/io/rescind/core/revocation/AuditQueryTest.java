package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.protocol.OAuthException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit's filters, as the CLI options and the admin API's query give them. */
class AuditQueryTest {
    static AuditQuery parse(String since, String limit, String kind, String target) {
        return AuditQuery.parse(
                Optional.ofNullable(since),
                Optional.ofNullable(limit),
                Optional.ofNullable(kind),
                Optional.ofNullable(target));
    }

    @Test
    void withoutFiltersItShowsTheNewestHundred() {
        assertThat(parse(null, null, null, null)).isEqualTo(AuditQuery.latest(100));
    }

    @Test
    void sinceTakesAnOffset() {
        assertThat(parse("2031-05-04T12:00:00+02:00", null, null, null).since())
                .contains(Instant.parse("2031-05-04T10:00:00Z"));
    }

    @Test
    void theKindIsALogKind() {
        assertThat(parse(null, null, "subject_epoch", null).kind()).contains(RevocationKind.SUBJECT_EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2031-05-04", "2031-05-04T12:00:00", "yesterday"})
    void aTimeWithoutAnOffsetIsRefused(String since) {
        assertThatThrownBy(() -> parse(since, null, null, null)).isInstanceOf(OAuthException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "ten"})
    void aLimitOutside1To1000IsRefused(String limit) {
        assertThatThrownBy(() -> parse(null, limit, null, null)).isInstanceOf(OAuthException.class);
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> parse(null, null, "user", null)).isInstanceOf(OAuthException.class);
    }
}
