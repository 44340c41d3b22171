-- A "Share to LinkedIn" form's image, between the form and its submission: the submission may reach another replica
-- (or a restarted one) than the form, which has no copy of the bytes. Kept 15 minutes, like the form.
CREATE TABLE pending_shares (
    form_key   TEXT PRIMARY KEY, -- the random key inside the form's custom_id
    user_id    TEXT NOT NULL,    -- only the user who opened the form may submit it
    file_name  TEXT NOT NULL,
    url        TEXT NOT NULL,    -- ciphertext: a signed CDN URL
    expires_at TEXT NOT NULL
);

CREATE INDEX ix_pending_shares_expires_at ON pending_shares (expires_at);
