-- Issue 14, company pages and refresh tokens.

-- The pages the member may post as (JSON: [{"id","name","vanity"}]), read at link time and by /pages.
ALTER TABLE account_links ADD COLUMN pages TEXT;

-- A refresh token (ciphertext), given only to apps with LinkedIn's Community Management API, and its own end: the
-- bot renews the access token with it instead of asking the member to link again.
ALTER TABLE account_links ADD COLUMN refresh_token TEXT;
ALTER TABLE account_links ADD COLUMN refresh_expires_at TEXT;
ALTER TABLE pending_links ADD COLUMN refresh_token TEXT;
ALTER TABLE pending_links ADD COLUMN refresh_expires_at TEXT;

-- Who a post is published as, when not the member (a page: urn:li:organization:ID and its name), recorded before
-- the create so a resumed publish goes out as the same author.
ALTER TABLE post_ledger ADD COLUMN author_urn TEXT;
ALTER TABLE post_ledger ADD COLUMN author_name TEXT;

-- /as: the page a user posts as in one chat (no row: their own profile).
CREATE TABLE page_choices (
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);
