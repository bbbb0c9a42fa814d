// History in the web chat (IRCv3 draft/chathistory): on joining a channel, and after every reconnect, the
// page asks for its last messages; once registered, for the private conversations it had (TARGETS) and
// their last messages. A chathistory batch is merged into the buffer in time order, each message once:
// lines already shown carry the same msgid (echo-message gives our own lines theirs too).
'use strict';

const HISTORY_LINES = 50;
const HISTORY_TARGETS = 20;

function historyOn() {
  return state.caps.has('draft/chathistory') && state.caps.has('batch');
}

function requestLatest(target) {
  if (historyOn()) send('CHATHISTORY LATEST ' + target + ' * ' + HISTORY_LINES);
}

// The private conversations with a message from the dawn of time to a day ahead (clocks differ).
function requestTargets() {
  if (!historyOn()) return;
  const ahead = new Date(Date.now() + 86400000).toISOString();
  send('CHATHISTORY TARGETS timestamp=1970-01-01T00:00:00.000Z timestamp=' + ahead + ' ' + HISTORY_TARGETS);
}

// A batch has ended: chathistory ones merge, target lists ask for each conversation; others are replayed.
function batchEnded(b) {
  if (b.type === 'chathistory') {
    mergeHistory(b.params[0] || '', b.lines);
  } else if (b.type === 'draft/chathistory-targets') {
    for (const m of b.lines) {
      const name = m.params[1] || '';
      if (m.command === 'CHATHISTORY' && name && !isChannel(name)) {
        buffer(name);
        requestLatest(name);
      }
    }
  } else {
    for (const m of b.lines) receiveParsed(m);
  }
}

// The stored PRIVMSG and NOTICE lines of one target as buffer entries, without those already shown.
function mergeHistory(target, lines) {
  if (!target) return;
  const b = buffer(target);
  const added = [];
  for (const m of lines) {
    if (m.command !== 'PRIVMSG' && m.command !== 'NOTICE') continue;
    const e = entryOf(m, m.params[1] || '', timeOf(m) || new Date());
    if (e && !(e.msgid && b.msgids.has(e.msgid))) added.push(e);
  }
  if (!added.length) return;
  for (const e of added) if (e.msgid) b.msgids.add(e.msgid);
  // Stable: entries of equal time keep their order, history before what the page showed.
  b.lines = [...added, ...b.lines].sort((x, y) => x.time - y.time);
  while (b.lines.length > MAX_LINES) b.lines.shift();
  b.markerAt = -1;
  if (fold(b.name) === fold(state.current)) renderMessages();
}

// One message as a buffer entry (an ACTION too; other CTCP is not shown): null for nothing to show.
function entryOf(m, text, time) {
  let kind = m.command === 'NOTICE' ? 'notice' : 'msg';
  if (text.startsWith('\x01')) {
    const ctcp = text.replace(/\x01/g, '');
    if (!ctcp.startsWith('ACTION ')) return null;
    kind = 'action';
    text = ctcp.slice(7);
  }
  const nick = m.nick || 'server';
  const mention = kind === 'msg' && state.nick && fold(nick) !== fold(state.nick)
      && new RegExp('\\b' + state.nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\b', 'i').test(text);
  return { kind, nick, text: plain(text), time, mention, self: fold(nick) === fold(state.nick), msgid: m.tags.msgid };
}
