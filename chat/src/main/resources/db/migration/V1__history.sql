-- The chat store's first schema (issue #19): the history of channel and private messages.
-- One file for SQLite and PostgreSQL; ${id} and ${bytes} are the two type names that differ (Dialect).
-- Times are epoch milliseconds (BIGINT), as the server keeps them.

-- Every PRIVMSG, NOTICE and TAGMSG to a channel or a user, as delivered: its untagged wire line
-- (":nick!user@host PRIVMSG #c :text\r\n", the bytes as sent) and what its tags are made from.
-- target is the conversation: a channel's folded name, or for a private query the two folded
-- nicks, the smaller first, separated by a space (party_a and party_b, NULL for a channel).
CREATE TABLE history (
    id ${id},
    target TEXT NOT NULL,
    party_a TEXT,
    party_b TEXT,
    msgid TEXT NOT NULL,
    time_ms BIGINT NOT NULL,
    command TEXT NOT NULL,
    sender_account TEXT,
    line ${bytes} NOT NULL,
    client_tags TEXT,
    bot SMALLINT NOT NULL DEFAULT 0
);
-- A message stored twice (retried after an outage, or by two nodes of a network) is one row.
CREATE UNIQUE INDEX history_msgid ON history (msgid);
CREATE INDEX history_target_time ON history (target, time_ms);
CREATE INDEX history_party_a ON history (party_a, time_ms);
CREATE INDEX history_party_b ON history (party_b, time_ms);
CREATE INDEX history_time ON history (time_ms);
