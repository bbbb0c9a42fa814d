-- Fewer B-trees per stored message (issue #19): a channel message was a row and four B-tree entries (the
-- table by id, msgid, target+time, time); it is now two. On SQLite the table is WITHOUT ROWID,
-- the B-tree of its primary key: the msgid, which a message stored twice (a batch retried
-- after an outage), a REDACT and a CHATHISTORY reference look up; a node's msgids grow, so its rows are
-- appended. A conversation's pages and both kinds of retention are ranges of history_target_time; with no
-- index on time alone, retention by age deletes each conversation's oldest range. seq orders the messages
-- of one millisecond of a conversation as they were stored (the writer's count; the row id they had
-- before), and msgid after it, for two nodes of a network that share a store and count alike.
DROP INDEX history_msgid;
DROP INDEX history_target_time;
DROP INDEX history_time;
DROP INDEX history_sender;
DROP INDEX history_recipient;
ALTER TABLE history RENAME TO history_v4;

CREATE TABLE history (
    msgid TEXT NOT NULL,
    target TEXT NOT NULL,
    time_ms BIGINT NOT NULL,
    seq BIGINT NOT NULL DEFAULT 0,
    sender_party TEXT,
    sender_nick TEXT,
    recipient_party TEXT,
    recipient_nick TEXT,
    command TEXT NOT NULL,
    account TEXT,
    line ${bytes} NOT NULL,
    client_tags TEXT,
    bot SMALLINT NOT NULL DEFAULT 0,
    CONSTRAINT history_msgid PRIMARY KEY (msgid)
) ${clustered};

INSERT INTO history (msgid, target, time_ms, seq, sender_party, sender_nick, recipient_party, recipient_nick,
        command, account, line, client_tags, bot)
    SELECT msgid, target, time_ms, id, sender_party, sender_nick, recipient_party, recipient_nick,
        command, account, line, client_tags, bot FROM history_v4;
DROP TABLE history_v4;

CREATE INDEX history_target_time ON history (target, time_ms, seq, msgid);
CREATE INDEX history_sender ON history (sender_party, recipient_nick, time_ms) WHERE sender_party IS NOT NULL;
CREATE INDEX history_recipient ON history (recipient_party, sender_nick, time_ms) WHERE recipient_party IS NOT NULL;
