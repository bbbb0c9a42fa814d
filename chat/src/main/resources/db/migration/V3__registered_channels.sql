-- Registered channels (issue #19): what a channel's founder registered survives restarts and applies
-- when the channel is created again. name_key is the channel name folded (rfc1459); founder_key an
-- account's name_key. flags are the channel's flag modes (of imnst), join_key its +k (or NULL),
-- user_limit its +l (0: none). Times are epoch milliseconds.
CREATE TABLE registered_channels (
    name_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    founder_key TEXT NOT NULL,
    registered_ms BIGINT NOT NULL,
    topic TEXT,
    topic_set_by TEXT,
    topic_set_ms BIGINT NOT NULL DEFAULT 0,
    flags TEXT NOT NULL,
    join_key TEXT,
    user_limit INTEGER NOT NULL DEFAULT 0
);

-- Its ban (b), exception (e) and invite-exception (I) lists.
CREATE TABLE registered_channel_masks (
    name_key TEXT NOT NULL,
    mode CHAR(1) NOT NULL,
    mask TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_seconds BIGINT NOT NULL,
    PRIMARY KEY (name_key, mode, mask)
);

-- Accounts that are channel operators when they join (the founder always is).
CREATE TABLE registered_channel_operators (
    name_key TEXT NOT NULL,
    account_key TEXT NOT NULL,
    PRIMARY KEY (name_key, account_key)
);
