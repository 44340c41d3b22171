-- The built-in LinkedIn sandbox's state (only used while LinkedIn:ClientId is empty), kept with the bot's data so a
-- restart does not forget the tokens it issued while the bot keeps the links made with them (issue 16 §5), nor the
-- posts the bot's replies link to. Image bytes stay in memory. A token is stored as its SHA-256 only: the bot's own
-- copy is the encrypted one in account_links.

CREATE TABLE sandbox_tokens (
    token_hash  TEXT PRIMARY KEY, -- SHA-256 of the access token, hex
    member_sub  TEXT NOT NULL,
    member_name TEXT NOT NULL,
    scopes      TEXT NOT NULL,    -- space-separated
    expires_at  TEXT NOT NULL,
    revoked     INTEGER NOT NULL
);

CREATE TABLE sandbox_posts (
    urn            TEXT PRIMARY KEY,
    author_sub     TEXT NOT NULL,
    author_name    TEXT NOT NULL,
    commentary     TEXT NOT NULL,
    rendered_text  TEXT NOT NULL,
    visibility     TEXT NOT NULL,
    image_id       TEXT,
    image_alt_text TEXT,
    created_at     TEXT NOT NULL
);
