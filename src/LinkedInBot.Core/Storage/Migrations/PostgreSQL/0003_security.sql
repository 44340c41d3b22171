-- The PostgreSQL twin of Sqlite/0003_security.sql (issue 15): sign-ins waiting for their one-time code, and
-- requests already handled. Times as in 0001: fixed-width ISO-8601 UTC text.

CREATE TABLE pending_links (
    platform         text NOT NULL,
    user_id          text NOT NULL,
    chat_id          text NOT NULL,
    reply_context    text, -- ciphertext
    code_hash        text NOT NULL UNIQUE, -- SHA-256 of the code, never the code
    member_urn       text NOT NULL,
    member_name      text NOT NULL,
    access_token     text NOT NULL, -- ciphertext
    token_expires_at text COLLATE "C" NOT NULL,
    scopes           text NOT NULL,
    failed_attempts  integer NOT NULL DEFAULT 0,
    created_at       text COLLATE "C" NOT NULL,
    expires_at       text COLLATE "C" NOT NULL,
    PRIMARY KEY (platform, user_id)
);

CREATE INDEX ix_pending_links_expires_at ON pending_links (expires_at);

CREATE TABLE handled_requests (
    request_key text PRIMARY KEY,
    handled_at  text COLLATE "C" NOT NULL
);

CREATE INDEX ix_handled_requests_handled_at ON handled_requests (handled_at);
