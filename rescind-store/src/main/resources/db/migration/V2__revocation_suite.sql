-- Rescind schema, version 2: the revocation suite (DESIGN §1, §2). The revocation log records who revoked what,
-- when and how; back-channel logout notices wait in a durable outbox.

ALTER TABLE revocation_log
    ADD COLUMN initiator  text NOT NULL DEFAULT 'system',
    ADD COLUMN interface  text NOT NULL DEFAULT 'token-endpoint',
    ADD COLUMN caller_ip  text,
    ADD COLUMN reason     text NOT NULL DEFAULT '',
    ADD COLUMN detail     text;
ALTER TABLE revocation_log ALTER COLUMN initiator DROP DEFAULT;
ALTER TABLE revocation_log ALTER COLUMN interface DROP DEFAULT;
CREATE INDEX revocation_log_by_target ON revocation_log (kind, target);
CREATE INDEX revocation_log_by_time ON revocation_log (created_at);

-- Identifies this log: a database restored from a backup gets a new one (issue 4), so readers know to resync.
CREATE TABLE log_generation (
    id          text PRIMARY KEY,
    created_at  timestamptz NOT NULL
);
INSERT INTO log_generation (id, created_at)
VALUES (replace(gen_random_uuid()::text, '-', ''), clock_timestamp());

CREATE TABLE backchannel_outbox (
    id               bigserial PRIMARY KEY,
    client_id        text        NOT NULL,
    jti              text        NOT NULL UNIQUE,
    sub              text        NOT NULL,
    sid              text,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX backchannel_outbox_due ON backchannel_outbox (next_attempt_at) WHERE state = 'pending';

CREATE INDEX authorization_codes_by_sid ON authorization_codes (sid) WHERE consumed_at IS NULL;
