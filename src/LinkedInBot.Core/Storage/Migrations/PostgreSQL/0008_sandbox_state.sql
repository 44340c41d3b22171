-- The PostgreSQL twin of Sqlite/0008_sandbox_state.sql: the built-in LinkedIn sandbox's tokens (as SHA-256 only) and
-- posts, so a restart does not break the links made with the sandbox.

CREATE TABLE sandbox_tokens (
    token_hash  text PRIMARY KEY,
    member_sub  text NOT NULL,
    member_name text NOT NULL,
    scopes      text NOT NULL,
    expires_at  text COLLATE "C" NOT NULL,
    revoked     boolean NOT NULL
);

CREATE TABLE sandbox_posts (
    urn            text PRIMARY KEY,
    author_sub     text NOT NULL,
    author_name    text NOT NULL,
    commentary     text NOT NULL,
    rendered_text  text NOT NULL,
    visibility     text NOT NULL,
    image_id       text,
    image_alt_text text,
    created_at     text COLLATE "C" NOT NULL
);
