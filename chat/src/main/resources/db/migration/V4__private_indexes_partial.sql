-- The two indexes that find a party's private conversations hold only private messages (issue #19): a
-- channel message has no parties (sender_party and recipient_party are NULL), and indexing those NULLs
-- cost every channel message two index entries that no query reads. A query names the party
-- (sender_party = ?), which implies IS NOT NULL, so SQLite and PostgreSQL still use them.
DROP INDEX history_sender;
DROP INDEX history_recipient;
CREATE INDEX history_sender ON history (sender_party, recipient_nick, time_ms) WHERE sender_party IS NOT NULL;
CREATE INDEX history_recipient ON history (recipient_party, sender_nick, time_ms) WHERE recipient_party IS NOT NULL;
