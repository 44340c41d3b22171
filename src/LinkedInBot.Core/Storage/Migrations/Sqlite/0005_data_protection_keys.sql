-- The Data Protection key ring when Storage:KeyRing is Database (created either way: an empty table costs nothing,
-- and switching the setting later needs no migration). One row per key, as Data Protection's XmlRepository hands it over.
-- The XML holds the key material in clear unless an XML encryptor is configured: whoever can read this table can
-- decrypt the stored tokens (see docs/security.md).

CREATE TABLE data_protection_keys (
    friendly_name TEXT PRIMARY KEY, -- key-{key id}
    xml           TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
