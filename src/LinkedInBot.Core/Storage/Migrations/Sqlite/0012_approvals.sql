-- Issue 14 §2, team approval: a group chat whose posts go to a company page once a page admin approves them.
CREATE TABLE approval_chats (
    platform          TEXT NOT NULL,
    chat_id           TEXT NOT NULL,
    organization_id   TEXT NOT NULL,
    organization_name TEXT NOT NULL,
    enabled_by        TEXT NOT NULL, -- the chat admin's user id
    enabled_at        TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id)
);

-- A post proposed in such a chat. Decided once: state moves from 'pending' by one conditional update.
CREATE TABLE proposals (
    id                INTEGER PRIMARY KEY,
    platform          TEXT NOT NULL,
    chat_id           TEXT NOT NULL,
    message_id        TEXT NOT NULL, -- the request that proposed it: a redelivery finds this row
    proposer_id       TEXT NOT NULL,
    proposer_name     TEXT,
    reply_context     TEXT, -- ciphertext
    text              TEXT NOT NULL,
    image_name        TEXT,
    image_length      INTEGER,
    image_reference   TEXT, -- ciphertext
    organization_id   TEXT NOT NULL,
    organization_name TEXT NOT NULL,
    state             TEXT NOT NULL, -- pending, approved, rejected
    decided_by        TEXT,
    decided_by_name   TEXT,
    decided_at        TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (platform, chat_id, message_id)
);
