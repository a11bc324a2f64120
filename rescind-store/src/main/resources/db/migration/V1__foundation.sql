-- Rescind schema, version 1: the authorization server and room for revocation state (DESIGN §2, §4).
-- Every timestamp is written by the application's clock, never by now(), so tests control time.

CREATE TABLE clients (
    client_id                     text PRIMARY KEY,
    token_endpoint_auth_method    text        NOT NULL,
    secret_hash                   text,
    grant_types                   text[]      NOT NULL,
    scope                         text        NOT NULL,
    redirect_uris                 text[]      NOT NULL,
    post_logout_redirect_uris     text[]      NOT NULL,
    backchannel_logout_uri        text,
    jwks                          jsonb,
    jwks_uri                      text,
    id_token_signed_response_alg  text        NOT NULL,
    access_token_ttl_seconds      integer     NOT NULL CHECK (access_token_ttl_seconds > 0),
    refresh_token_ttl_seconds     integer     NOT NULL CHECK (refresh_token_ttl_seconds > 0),
    disabled                      boolean     NOT NULL DEFAULT false,
    created_at                    timestamptz NOT NULL,
    updated_at                    timestamptz NOT NULL
);

CREATE TABLE users (
    sub            text PRIMARY KEY,
    uid            text        NOT NULL UNIQUE,
    email          text        UNIQUE CHECK (email = lower(email)),
    phone_number   text        UNIQUE,
    name           text,
    roles          text[]      NOT NULL DEFAULT '{}',
    password_hash  text        NOT NULL,
    disabled       boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Epochs outlive their user or client: the tokens of a deleted user must stay dead (DESIGN §2).
CREATE TABLE subject_epochs (
    sub    text PRIMARY KEY,
    epoch  bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0)
);

CREATE TABLE client_epochs (
    client_id  text PRIMARY KEY,
    epoch      bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0)
);

CREATE TABLE signing_keys (
    kid                    text PRIMARY KEY,
    alg                    text        NOT NULL,
    public_jwk             jsonb       NOT NULL,
    encrypted_private_jwk  text        NOT NULL,
    created_at             timestamptz NOT NULL,
    activates_at           timestamptz NOT NULL,
    revoked_at             timestamptz
);

CREATE TABLE sessions (
    sid           text PRIMARY KEY,
    cookie_hash   bytea       NOT NULL UNIQUE,
    sub           text        NOT NULL,
    auth_time     timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    ended_reason  text
);
CREATE INDEX sessions_live_by_sub ON sessions (sub) WHERE ended_at IS NULL;

CREATE TABLE login_transactions (
    handle_hash            bytea PRIMARY KEY,
    authorization_request  jsonb       NOT NULL,
    browser_hash           bytea       NOT NULL,
    expires_at             timestamptz NOT NULL
);

CREATE TABLE login_failures (
    key        text        NOT NULL,
    failed_at  timestamptz NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, failed_at);

CREATE TABLE authorization_codes (
    code_hash               bytea PRIMARY KEY,
    client_id               text        NOT NULL,
    sub                     text        NOT NULL,
    sid                     text        NOT NULL,
    redirect_uri            text        NOT NULL,
    requested_redirect_uri  text,
    scope                   text        NOT NULL,
    nonce                   text,
    code_challenge          text,
    audience                text[]      NOT NULL,
    auth_time               timestamptz NOT NULL,
    sub_epoch               bigint      NOT NULL,
    client_epoch            bigint      NOT NULL,
    expires_at              timestamptz NOT NULL,
    consumed_at             timestamptz,
    grant_id                text
);

CREATE TABLE grants (
    grant_id           text PRIMARY KEY,
    client_id          text        NOT NULL,
    sub                text        NOT NULL,
    sid                text,
    scope              text        NOT NULL,
    audience           text[]      NOT NULL,
    auth_time          timestamptz NOT NULL,
    sub_epoch          bigint      NOT NULL,
    client_epoch       bigint      NOT NULL,
    generation         integer     NOT NULL DEFAULT 0,
    rotated_at         timestamptz,
    created_at         timestamptz NOT NULL,
    -- the latest expiry of an access token minted under this grant: a revocation of the grant matters until then
    access_expires_at  timestamptz NOT NULL,
    revoked_at         timestamptz,
    revoked_reason     text
);
CREATE INDEX grants_by_sub ON grants (sub);
CREATE INDEX grants_by_sid ON grants (sid) WHERE sid IS NOT NULL;
CREATE INDEX grants_by_client ON grants (client_id);

-- Every refresh token of a family is kept until it expires, so a rotated one presented again is recognised.
CREATE TABLE refresh_tokens (
    token_hash  bytea PRIMARY KEY,
    grant_id    text        NOT NULL REFERENCES grants ON DELETE CASCADE,
    generation  integer     NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    UNIQUE (grant_id, generation)
);

-- Single-use jti of JWTs used for authentication (private_key_jwt, draft §3.5 bearer JWTs).
CREATE TABLE jti_replay (
    issuer      text        NOT NULL,
    jti         text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (issuer, jti)
);

CREATE TABLE flags (
    name        text PRIMARY KEY,
    enabled     boolean     NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- The durable, ordered revocation log (DESIGN §2, §4). txid lets readers stop below the oldest transaction still
-- in flight, so an event that committed late is never skipped (DESIGN §5).
CREATE TABLE revocation_log (
    seq         bigserial PRIMARY KEY,
    txid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    kind        text        NOT NULL,
    target      text        NOT NULL,
    until       timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX revocation_log_live ON revocation_log (until);
