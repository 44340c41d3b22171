-- The durable per-chat job queue (src/LinkedInBot.Core/Jobs) and the leases that give one replica at a time a chat
-- (or a role, such as the Telegram poller). Times as in 0001: fixed-width ISO-8601 UTC text.

CREATE TABLE chat_jobs (
    id         INTEGER PRIMARY KEY,
    chat_key   TEXT NOT NULL,            -- platform:chat id; the jobs of one chat run in id order
    kind       TEXT NOT NULL,            -- which handler runs it (chat-request, ledger-resume)
    payload    TEXT NOT NULL,            -- ciphertext; emptied when the job ends
    dedupe_key TEXT UNIQUE,              -- a redelivered platform event (same update or interaction id) is one job
    due_at     TEXT NOT NULL,            -- not before this time (scheduled posts)
    run_after  TEXT NOT NULL,            -- back-off after a failed attempt; holds the chat's later jobs back
    state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,                     -- an exception type, never a message (it could carry a URL with a token)
    created_at TEXT NOT NULL,
    finished_at TEXT
);

CREATE INDEX ix_chat_jobs_queued ON chat_jobs (chat_key, id) WHERE state = 'queued';
CREATE INDEX ix_chat_jobs_due ON chat_jobs (due_at) WHERE state = 'queued';
CREATE INDEX ix_chat_jobs_finished ON chat_jobs (finished_at) WHERE state <> 'queued';

CREATE TABLE leases (
    lease_key  TEXT PRIMARY KEY,         -- a chat key, or leader:<role>
    owner      TEXT NOT NULL,            -- the replica holding it
    expires_at TEXT NOT NULL
);
