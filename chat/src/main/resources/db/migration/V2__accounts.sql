-- Accounts (issue #19): users log in to them with SASL, a registered nick is an account's name.
-- name_key is the name folded as IRC folds nicks (rfc1459), so Alice and alice are one account;
-- name is as registered. password_hash is an Argon2id PHC string, never the password.
CREATE TABLE accounts (
    name_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);

-- TLS client certificates that log in to an account with SASL EXTERNAL: SHA-256 of the certificate,
-- lower-case hex. One certificate belongs to one account at most.
CREATE TABLE account_certificates (
    fingerprint TEXT PRIMARY KEY,
    name_key TEXT NOT NULL
);
CREATE INDEX account_certificates_account ON account_certificates (name_key);
