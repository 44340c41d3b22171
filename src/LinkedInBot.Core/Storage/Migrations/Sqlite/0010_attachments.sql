-- Albums, documents and videos (issue 12 §2-5). A post's attachments other than a single image, in order, as the
-- Data Protection ciphertext of a JSON list of {kind, file name, declared length, content type, alt text, platform
-- reference}: never their bytes (a document may be 100 MB), so a resumed publish opens them again on their platform.
-- attachment_urns is the JSON list of the URNs LinkedIn gave the ones uploaded so far, in the same order, recorded
-- before the create so a resume never uploads one again. A single image stays in image / image_urn as before.
ALTER TABLE post_ledger ADD COLUMN attachments TEXT;
ALTER TABLE post_ledger ADD COLUMN attachment_urns TEXT;

-- A "Share to LinkedIn" form of a message with several attachments (or a document, or an image with alt text): the
-- Data Protection ciphertext of their list (kind, file name, size, alt text, CDN URL), for the submission to post.
ALTER TABLE pending_shares ADD COLUMN attachments TEXT;

-- The built-in sandbox keeps a post's content.multiImage or document (JSON) to show it on /sandbox/feed.
ALTER TABLE sandbox_posts ADD COLUMN media TEXT;

-- The items of an album (a Telegram media group) while it is being collected: they arrive as separate messages with
-- no end marker, so they wait here until none has come for a quiet period, and whichever replica runs the album's
-- check job then makes one post of them (or a restart does). payload: Data Protection ciphertext of the item's JSON
-- (its caption, the photo's file id). Deleted once the album became a request; received_at orders nothing.
CREATE TABLE album_items (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    item_key    TEXT NOT NULL,   -- the message id: a redelivered update is kept once
    position    BIGINT NOT NULL, -- the album's order (Telegram: message ids grow in album order)
    payload     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, group_id, item_key)
);
