-- The PostgreSQL twin of Sqlite/0007_lifecycle.sql (issue 16): expiry reminders, /forget and Storage:PostTextRetention.

-- The smallest threshold, in days (7, then 1), whose expiry reminder this link's owner was sent; NULL: none yet.
ALTER TABLE account_links ADD COLUMN reminded_days integer;

CREATE INDEX ix_account_links_expires_at ON account_links (expires_at);
CREATE INDEX ix_oauth_states_user ON oauth_states (platform, user_id);
CREATE INDEX ix_post_ledger_created_at ON post_ledger (created_at);
