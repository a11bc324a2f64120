package io.rescind.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN §4: outbound calls are https to public addresses; http only to an allow-listed loopback host. */
class OutboundPolicyTest {
    final OutboundPolicy strict = new OutboundPolicy(Set.of());

    @Nested
    class InternalAddresses {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                    "224.0.0.1", "198.18.0.1", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1",
                    "::10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::"
                })
        void areInternal(String literal) throws Exception {
            assertThat(OutboundPolicy.isInternal(InetAddress.getByName(literal)))
                    .isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"93.184.216.34", "2606:2800:220:1::1", "64:ff9b::5db8:d822", "2002:5db8:d822::1"})
        void publicAddressesAreNot(String literal) throws Exception {
            assertThat(OutboundPolicy.isInternal(InetAddress.getByName(literal)))
                    .isFalse();
        }
    }

    @Nested
    class Urls {
        @Test
        void httpsToAnInternalAddressIsRefused() {
            assertThatThrownBy(() -> strict.check(URI.create("https://169.254.169.254/latest")))
                    .isInstanceOf(OutboundPolicy.OutboundRefused.class);
        }

        @Test
        void plainHttpIsRefusedEvenToAPublicAddress() {
            assertThatThrownBy(() -> strict.check(URI.create("http://93.184.216.34/jwks")))
                    .isInstanceOf(OutboundPolicy.OutboundRefused.class);
        }

        @Test
        void plainHttpToAnAllowListedLoopbackHostIsAllowed() {
            assertThatCode(() -> new OutboundPolicy(Set.of("127.0.0.1")).check(URI.create("http://127.0.0.1:9/jwks")))
                    .doesNotThrowAnyException();
        }

        @Test
        void plainHttpToAnAllowListedHostThatIsNotLoopbackIsRefused() {
            var policy = new OutboundPolicy(Set.of("10.0.0.5"));
            assertThatThrownBy(() -> policy.check(URI.create("http://10.0.0.5/jwks")))
                    .isInstanceOf(OutboundPolicy.OutboundRefused.class);
            assertThatCode(() -> policy.check(URI.create("https://10.0.0.5/jwks")))
                    .doesNotThrowAnyException();
        }

        @Test
        void credentialsInTheUrlAreRefused() {
            assertThatThrownBy(() -> strict.check(URI.create("https://user:pw@93.184.216.34/jwks")))
                    .isInstanceOf(OutboundPolicy.OutboundRefused.class);
        }
    }
}
