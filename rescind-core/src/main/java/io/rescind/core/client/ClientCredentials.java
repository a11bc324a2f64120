package io.rescind.core.client;

import java.util.Optional;

/** What a request presented to authenticate its client (RFC 6749 §2.3, RFC 7523 §2.2), before any check. */
public sealed interface ClientCredentials {
    /** The client the credentials claim to be, when the request names one outside an assertion. */
    Optional<ClientId> claimedId();

    /** {@code client_secret_basic}: HTTP Basic with the form-urlencoded id and secret. */
    record SecretBasic(ClientId id, String secret) implements ClientCredentials {
        public Optional<ClientId> claimedId() {
            return Optional.of(id);
        }

        @Override
        public String toString() {
            return "SecretBasic[" + id + "]";
        }
    }

    /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the body. */
    record SecretPost(ClientId id, String secret) implements ClientCredentials {
        public Optional<ClientId> claimedId() {
            return Optional.of(id);
        }

        @Override
        public String toString() {
            return "SecretPost[" + id + "]";
        }
    }

    /** {@code private_key_jwt}: a signed assertion; {@code client_id} is optional beside it. */
    record PrivateKeyJwt(Optional<ClientId> claimedId, String assertion) implements ClientCredentials {
        @Override
        public String toString() {
            return "PrivateKeyJwt[" + claimedId.map(ClientId::value).orElse("?") + "]";
        }
    }

    /** {@code none}: a public client names itself and proves nothing. */
    record PublicClient(ClientId id) implements ClientCredentials {
        public Optional<ClientId> claimedId() {
            return Optional.of(id);
        }
    }
}
