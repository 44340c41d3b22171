-- Albums, documents and videos (issue 12 §2-5). A post's attachments other than a single image, in order, as the
-- Data Protection ciphertext of a JSON list of {kind, file name, declared length, content type, alt text, platform
-- reference}: never their bytes (a document may be 100 MB), so a resumed publish opens them again on their platform.
-- attachment_urns is the JSON list of the URNs LinkedIn gave the ones uploaded so far, in the same order, recorded
-- before the create so a resume never uploads one again. A single image stays in image / image_urn as before.
ALTER TABLE post_ledger ADD COLUMN attachments TEXT;
ALTER TABLE post_ledger ADD COLUMN attachment_urns TEXT;

-- The built-in sandbox keeps a post's content.multiImage or document (JSON) to show it on /sandbox/feed.
ALTER TABLE sandbox_posts ADD COLUMN media TEXT;
