-- The back-channel cascade of a global revocation asks, for each client with a back-channel logout URI, whether the
-- user has a grant or a code of it: one index probe per listening client, however many grants the user has (issue 5:
-- a global revocation costs the same with 1 or 100,000 grants). The composite indexes serve lookups by sub alone too.
CREATE INDEX grants_by_sub_and_client ON grants (sub, client_id);
DROP INDEX grants_by_sub;
CREATE INDEX authorization_codes_by_sub_and_client ON authorization_codes (sub, client_id);
DROP INDEX authorization_codes_by_sub;
