-- Times are ISO-8601 UTC text with seven fractional digits (yyyy-MM-ddTHH:mm:ss.fffffffZ):
-- readable with the sqlite3 shell and, being fixed-width, comparable as text.
-- Columns marked "ciphertext" hold ASP.NET Core Data Protection output, never the secret itself.

CREATE TABLE account_links (
    platform     TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    member_urn   TEXT NOT NULL,
    member_name  TEXT NOT NULL,
    access_token TEXT NOT NULL, -- ciphertext
    expires_at   TEXT NOT NULL,
    scopes       TEXT NOT NULL, -- space-separated, as OAuth writes them
    linked_at    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);

-- The fallback lookup: a user's newest link on a platform, whatever the chat.
CREATE INDEX ix_account_links_user ON account_links (platform, user_id, updated_at);

CREATE TABLE oauth_states (
    state_hash    TEXT PRIMARY KEY,
    platform      TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    reply_context TEXT, -- ciphertext: may hold a Discord interaction token
    display_name  TEXT,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);

CREATE INDEX ix_oauth_states_expires_at ON oauth_states (expires_at);

CREATE TABLE post_ledger (
    id             INTEGER PRIMARY KEY,
    platform       TEXT NOT NULL,
    chat_id        TEXT NOT NULL,
    message_id     TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    reply_context  TEXT, -- ciphertext
    text           TEXT NOT NULL,
    image          BLOB, -- dropped once the publish has an outcome
    image_urn      TEXT,
    outcome_kind   TEXT, -- null while the publish has not finished
    outcome_urn    TEXT,
    outcome_url    TEXT,
    outcome_detail TEXT,
    replied        INTEGER NOT NULL DEFAULT 0 CHECK (replied IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (platform, chat_id, message_id)
);

CREATE INDEX ix_post_ledger_unfinished ON post_ledger (id) WHERE outcome_kind IS NULL OR replied = 0;
