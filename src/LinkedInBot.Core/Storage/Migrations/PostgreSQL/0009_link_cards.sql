-- A text post's link card (issue 12 §1), recorded before the post is created so a resumed publish sends the same
-- content.article (or, when the card could not be made, none, with the reason for the reply). The card's picture is
-- the entry's image_urn. JSON: {"source","title","description"} or {"missing"}.
ALTER TABLE post_ledger ADD COLUMN link_card TEXT;

-- The built-in sandbox keeps a post's content.article (JSON: Source, Title, Description, ThumbnailId) to show the card
-- on /sandbox/feed.
ALTER TABLE sandbox_posts ADD COLUMN article TEXT;
