-- Issue 15. Plain SQL on purpose (TEXT columns, DELETE … RETURNING): it ports to other databases as written.

-- A LinkedIn sign-in that waits for its one-time code: the link becomes active only when the chat user who
-- asked for it sends the code the callback page showed. At most one per chat user (a newer sign-in replaces it).
CREATE TABLE pending_links (
    platform         TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    reply_context    TEXT, -- ciphertext
    code_hash        TEXT NOT NULL UNIQUE, -- SHA-256 of the code, never the code
    member_urn       TEXT NOT NULL,
    member_name      TEXT NOT NULL,
    access_token     TEXT NOT NULL, -- ciphertext
    token_expires_at TEXT NOT NULL,
    scopes           TEXT NOT NULL,
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
);

CREATE INDEX ix_pending_links_expires_at ON pending_links (expires_at);

-- Requests already handled, by their platform id ("discord:<interaction id>"), so a replayed one is not acted
-- on again, also after a restart or on another replica. Kept for 15 minutes.
CREATE TABLE handled_requests (
    request_key TEXT PRIMARY KEY,
    handled_at  TEXT NOT NULL
);

CREATE INDEX ix_handled_requests_handled_at ON handled_requests (handled_at);
