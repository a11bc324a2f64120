-- Nodes catch up on the revocation log by transaction id (DESIGN §5): entries of transactions at or above the
-- horizon of their last read.
CREATE INDEX revocation_log_by_txid ON revocation_log (txid);
