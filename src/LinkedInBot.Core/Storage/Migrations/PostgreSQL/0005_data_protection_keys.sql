-- The PostgreSQL twin of Sqlite/0005_data_protection_keys.sql: the key ring when Storage:KeyRing is Database, shared
-- by every replica. The XML holds the key material in clear unless an XML encryptor is configured: whoever can read
-- this table can decrypt the stored tokens (see docs/security.md).

CREATE TABLE data_protection_keys (
    friendly_name text PRIMARY KEY, -- key-{key id}
    xml           text NOT NULL,
    created_at    text COLLATE "C" NOT NULL
);
