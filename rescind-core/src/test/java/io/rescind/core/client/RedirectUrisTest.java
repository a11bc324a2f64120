package io.rescind.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RedirectUris#origin}: the origin as a browser sends it (RFC 6454 §6.2). */
class RedirectUrisTest {
    @Test
    void httpsDefaultPortIsLeftOut() {
        assertThat(RedirectUris.origin(RedirectUris.parseRegistered("https://spa.example.com:443/cb")))
                .isEqualTo("https://spa.example.com");
    }

    @Test
    void httpDefaultPortIsLeftOut() {
        assertThat(RedirectUris.origin(RedirectUris.parseRegistered("http://localhost:80/cb")))
                .isEqualTo("http://localhost");
    }

    @Test
    void otherPortIsKept() {
        assertThat(RedirectUris.origin(RedirectUris.parseRegistered("https://spa.example.com:8443/cb")))
                .isEqualTo("https://spa.example.com:8443");
    }

    @Test
    void httpsPortOnHttpIsKept() {
        assertThat(RedirectUris.origin(RedirectUris.parseRegistered("http://127.0.0.1:443/cb")))
                .isEqualTo("http://127.0.0.1:443");
    }

    @Test
    void schemeAndHostAreLowerCased() {
        assertThat(RedirectUris.origin(RedirectUris.parseRegistered("HTTPS://App.Example.COM/cb?x=1")))
                .isEqualTo("https://app.example.com");
    }
}
