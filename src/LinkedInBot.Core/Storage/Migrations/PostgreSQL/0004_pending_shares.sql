-- The PostgreSQL twin of Sqlite/0004_pending_shares.sql: a "Share to LinkedIn" form's image between the form and its
-- submission, which may reach another replica. Kept 15 minutes, like the form.
CREATE TABLE pending_shares (
    form_key   text PRIMARY KEY, -- the random key inside the form's custom_id
    user_id    text NOT NULL,    -- only the user who opened the form may submit it
    file_name  text NOT NULL,
    url        text NOT NULL,    -- ciphertext: a signed CDN URL
    expires_at text COLLATE "C" NOT NULL
);

CREATE INDEX ix_pending_shares_expires_at ON pending_shares (expires_at);
