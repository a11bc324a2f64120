package io.rescind.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The admin API's Bearer credential. */
class AdminCredentialTest {
    @Test
    void aGeneratedCredentialIsThePrefixAnd256RandomBits() {
        assertThat(AdminCredential.generate()).matches("rsc_admin_[A-Za-z0-9_-]{43}");
    }

    @Test
    void twoGeneratedCredentialsDiffer() {
        assertThat(AdminCredential.generate()).isNotEqualTo(AdminCredential.generate());
    }

    @Test
    void itMatchesItself() {
        String value = AdminCredential.generate();

        assertThat(AdminCredential.of(value).matches(value)).isTrue();
    }

    @Test
    void itMatchesNoOtherValue() {
        String value = AdminCredential.generate();

        assertThat(AdminCredential.of(value).matches(value + "x")).isFalse();
        assertThat(AdminCredential.of(value).matches(value.substring(1))).isFalse();
    }

    @Test
    void aShortOperatorChosenCredentialIsRefused() {
        assertThatThrownBy(() -> AdminCredential.of("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCredentialWithSpacesIsRefused() {
        assertThatThrownBy(() -> AdminCredential.of("a credential with spaces that is long enough"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itsTextNeverShowsTheValue() {
        String value = AdminCredential.generate();

        assertThat(AdminCredential.of(value).toString()).doesNotContain(value.substring(10));
    }
}
