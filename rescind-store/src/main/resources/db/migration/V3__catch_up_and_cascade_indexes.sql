-- Rescind schema, version 3: the indexes the log catch-up and the revocation cascade look rows up by.

-- Nodes catch up on the revocation log by transaction id (DESIGN §5): entries of transactions at or above the
-- horizon of their last read.
CREATE INDEX revocation_log_by_txid ON revocation_log (txid);

-- The cascade looks codes up by session whether spent or not (the clients that took part in an ended session, for
-- back-channel logout): V2's index, only of unspent codes, could not serve that. Its unspent-only deletion uses this
-- one as well.
DROP INDEX authorization_codes_by_sid;
CREATE INDEX authorization_codes_by_sid ON authorization_codes (sid);
-- ... and by user (the clients of a user that took part in no ended session, for a sub-only logout notice).
CREATE INDEX authorization_codes_by_sub ON authorization_codes (sub);
