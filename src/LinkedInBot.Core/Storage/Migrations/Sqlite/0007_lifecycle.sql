-- Issue 16: expiry reminders, /forget and Storage:PostTextRetention.

-- The smallest threshold, in days (7, then 1), whose expiry reminder this link's owner was sent; NULL: none yet.
-- Stored on the link, so a restart or another replica never sends the same reminder again; a new link (the
-- row saved again by /link) starts without one.
ALTER TABLE account_links ADD COLUMN reminded_days INTEGER;

-- Links close to expiry, for the periodic reminder check.
CREATE INDEX ix_account_links_expires_at ON account_links (expires_at);

-- A user's rows, for /forget (the ledger's: ix_post_ledger_user, made by 0006 for /posts).
CREATE INDEX ix_oauth_states_user ON oauth_states (platform, user_id);

-- Old rows whose text the retention removes.
CREATE INDEX ix_post_ledger_created_at ON post_ledger (created_at);
