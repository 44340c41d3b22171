-- Issue 13, control over a post: what became of a published post (edited, deleted), each user's settings (time zone,
-- preview by default), and posts waiting for their time or for a decision (scheduled posts and drafts).

ALTER TABLE post_ledger ADD COLUMN edited_at TEXT;
ALTER TABLE post_ledger ADD COLUMN deleted_at TEXT;
-- The published picture's name as the chat platform gave it (Telegram: the photo's file_unique_id): an edited message
-- whose picture was replaced is told apart from one whose caption changed.
ALTER TABLE post_ledger ADD COLUMN image_name TEXT;

-- /posts: a user's newest posts on a platform.
CREATE INDEX ix_post_ledger_user ON post_ledger (platform, user_id, id);

CREATE TABLE user_settings (
    platform           TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    time_zone          TEXT, -- an IANA name; null: Bot:DefaultTimeZone
    preview_by_default INTEGER NOT NULL DEFAULT 0 CHECK (preview_by_default IN (0, 1)),
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
);

-- A post that waits: for its time (state 'scheduled', due_at set), or for its author's decision (a draft, or a
-- scheduled post found too late). The job that publishes it is keyed by its id; the post ledger keys the publish.
CREATE TABLE scheduled_posts (
    id              INTEGER PRIMARY KEY,
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    message_id      TEXT NOT NULL, -- the request that made it: a redelivery finds this row
    reply_context   TEXT, -- ciphertext
    display_name    TEXT,
    is_group        INTEGER NOT NULL DEFAULT 0 CHECK (is_group IN (0, 1)),
    text            TEXT NOT NULL,
    image_name      TEXT,
    image_length    INTEGER,
    image_reference TEXT, -- ciphertext: a Telegram file id, a signed Discord CDN URL, a path
    state           TEXT NOT NULL, -- draft, scheduled, late, publishing, published, cancelled
    due_at          TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (platform, chat_id, message_id)
);

CREATE INDEX ix_scheduled_posts_user ON scheduled_posts (platform, user_id, state);
