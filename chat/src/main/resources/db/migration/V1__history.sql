-- The chat store's first schema (issue #19): the history of channel and private messages.
-- One file for SQLite and PostgreSQL; ${id} and ${bytes} are the two type names that differ (Dialect).
-- Times are epoch milliseconds (BIGINT), as the server keeps them.

-- Every PRIVMSG and NOTICE to a channel or a user, as delivered: its untagged wire line
-- (":nick!user@host PRIVMSG #c :text\r\n", the bytes as sent) and what its tags are made from.
-- target is the conversation: a channel's folded name, or for a private message both parties, the
-- smaller first, separated by a space. A party is who may read a private conversation: an account
-- ("a:NAME", folded) or, for a user not logged in, that one connection ("c:ID"); the folded nicks
-- say whom it was with (NULL for a channel message).
CREATE TABLE history (
    id ${id},
    target TEXT NOT NULL,
    sender_party TEXT,
    sender_nick TEXT,
    recipient_party TEXT,
    recipient_nick TEXT,
    msgid TEXT NOT NULL,
    time_ms BIGINT NOT NULL,
    command TEXT NOT NULL,
    account TEXT,
    line ${bytes} NOT NULL,
    client_tags TEXT,
    bot SMALLINT NOT NULL DEFAULT 0
);
-- A message stored twice (retried after an outage, or by two nodes of a network) is one row.
CREATE UNIQUE INDEX history_msgid ON history (msgid);
CREATE INDEX history_target_time ON history (target, time_ms);
CREATE INDEX history_sender ON history (sender_party, recipient_nick, time_ms);
CREATE INDEX history_recipient ON history (recipient_party, sender_nick, time_ms);
CREATE INDEX history_time ON history (time_ms);
