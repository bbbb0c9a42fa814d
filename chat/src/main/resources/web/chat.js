// The web chat: IRC over a WebSocket to the server that served this page (IRCv3 text.ircv3.net, one
// line per message). Every piece of IRC text reaches the page as a DOM text node (never parsed as markup), and
// only http(s) links become anchors, so no message can inject markup or script. irc.js parses, account.js
// negotiates and logs in, history.js fetches and merges history; this file is the page and the rest of IRC.
'use strict';

const $ = (id) => document.getElementById(id);
const STATUS = '*status*';
const MAX_LINES = 2000;
const state = {
  nick: '', wanted: '', registered: false, socket: null, quitting: false, retry: 0, retryTimer: null,
  buffers: new Map(), current: STATUS, channels: [], away: false,
  // this connection's: capabilities offered and enabled, open batches
  offered: new Map(), caps: new Set(), capEnded: false, batches: new Batches(), nickRetries: 0,
  // what to do about an account (memory only), and the account logged in to
  auth: { mode: 'none', account: '', password: '' }, account: '',
};

// --- IRC lines -------------------------------------------------------------------------------------

function send(line) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(line);
    return true;
  }
  return false;
}

// --- buffers ---------------------------------------------------------------------------------------

function buffer(name, create = true) {
  const key = fold(name);
  let b = state.buffers.get(key);
  if (!b && create) {
    b = { name, lines: [], members: new Map(), topic: '', unread: 0, mention: false, markerAt: -1, joined: false,
      msgids: new Set() };
    state.buffers.set(key, b);
    renderBuffers();
  }
  return b;
}

function addLine(target, kind, nick, text, time) {
  pushEntry(target, { kind, nick, text: plain(text), time: time || new Date(), mention: false, self: nick === state.nick });
}

// A PRIVMSG or NOTICE as it arrives (once: a msgid already shown, as from history, is not shown again).
function addMessage(target, m, text, time) {
  const e = entryOf(m, text, time || new Date());
  if (e) pushEntry(target, e);
}

function pushEntry(target, entry) {
  const b = buffer(target);
  if (entry.msgid) {
    if (b.msgids.has(entry.msgid)) return;
    b.msgids.add(entry.msgid);
  }
  const kind = entry.kind;
  b.lines.push(entry);
  if (b.lines.length > MAX_LINES) { b.lines.shift(); if (b.markerAt > 0) b.markerAt--; }
  if (fold(target) === fold(state.current) && document.visibilityState !== 'hidden') {
    $('messages').appendChild(renderLine(entry));
    scrollDown();
  } else if ((kind === 'msg' || kind === 'action') && !entry.self) {
    if (b.unread === 0) b.markerAt = b.lines.length - 1;
    b.unread++;
    b.mention = b.mention || entry.mention || !isChannel(target);
    renderBuffers();
    if (fold(target) === fold(state.current)) { renderMessages(); }
  }
}

function show(name) {
  const b = buffer(name);
  state.current = b.name;
  renderMessages();
  b.unread = 0;
  b.mention = false;
  b.markerAt = -1;
  renderBuffers();
}

function closeBuffer(name) {
  state.buffers.delete(fold(name));
  if (fold(state.current) === fold(name)) state.current = STATUS;
  renderBuffers();
  renderMessages();
}

// --- what the server sends -------------------------------------------------------------------------

function memberOf(channel, nick) {
  const b = buffer(channel, false);
  return b ? b.members.get(nick) : undefined;
}

function eachBufferWith(nick, f) {
  for (const b of state.buffers.values()) {
    if (b.members.has(nick) || fold(b.name) === fold(nick)) f(b);
  }
}

function receive(line) {
  const m = parse(line);
  if (!state.batches.hold(m)) receiveParsed(m);
}

function receiveParsed(m) {
  const p = m.params;
  const time = timeOf(m);
  if (accountReply(m)) return;
  switch (m.command) {
    case 'PING': send('PONG :' + (p[0] || '')); break;
    case 'BATCH': { const b = state.batches.batch(m); if (b) batchEnded(b); break; }
    case '001':
      state.registered = true;
      state.nick = p[0];
      state.retry = 0;
      setState('connected as ' + state.nick + (state.account ? ' (account ' + state.account + ')' : ''));
      addLine(STATUS, 'event', '', p[1] || 'Welcome');
      welcomed();
      requestTargets();
      for (const c of state.channels) send('JOIN ' + c);
      remember();
      break;
    case '433': case '432':
      if (!state.registered) {
        nickRefused(m);
      } else {
        addLine(state.current, 'error', '', (p[1] || '') + ': ' + (p[2] || ''));
      }
      break;
    case 'NICK': {
      const to = p[0];
      if (m.nick === state.nick) { state.nick = to; state.wanted = to; setState('connected as ' + to); }
      eachBufferWith(m.nick, (b) => {
        const mem = b.members.get(m.nick);
        if (mem) { b.members.delete(m.nick); b.members.set(to, mem); }
        addLine(b.name, 'event', '', m.nick + ' is now known as ' + to, time);
      });
      renderMembers();
      break;
    }
    case 'JOIN': {
      const ch = p[0];
      const b = buffer(ch);
      if (m.nick === state.nick) {
        b.joined = true;
        b.members.clear();
        if (!state.channels.some((c) => fold(c) === fold(ch))) state.channels.push(ch);
        show(ch);
        addLine(ch, 'event', '', 'You joined ' + ch, time);
        requestLatest(ch);
      } else {
        b.members.set(m.nick, { prefix: '', away: false });
        addLine(ch, 'event', '', m.nick + ' joined', time);
      }
      renderMembers();
      break;
    }
    case 'PART': case 'KICK': {
      const ch = p[0];
      const who = m.command === 'KICK' ? p[1] : m.nick;
      const b = buffer(ch);
      b.members.delete(who);
      const why = m.command === 'KICK' ? ' was kicked by ' + m.nick : ' left';
      const reason = p[m.command === 'KICK' ? 2 : 1];
      addLine(ch, 'event', '', (who === state.nick ? 'You' : who) + why + (reason ? ' (' + reason + ')' : ''), time);
      if (who === state.nick) {
        b.joined = false;
        b.members.clear();
        state.channels = state.channels.filter((c) => fold(c) !== fold(ch));
      }
      renderMembers();
      break;
    }
    case 'QUIT':
      eachBufferWith(m.nick, (b) => {
        b.members.delete(m.nick);
        addLine(b.name, 'event', '', m.nick + ' quit' + (p[0] ? ' (' + p[0] + ')' : ''), time);
      });
      renderMembers();
      break;
    case 'PRIVMSG': case 'NOTICE': {
      let text = p[1] || '';
      const toMe = fold(p[0]) === fold(state.nick);
      const target = toMe ? (m.nick && m.nick.includes('.') && !m.prefix.includes('!') ? STATUS : m.nick) : p[0];
      const self = fold(m.nick) === fold(state.nick);
      if (text.startsWith('\x01') && !self) {
        const ctcp = text.replace(/\x01/g, '');
        if (m.command === 'PRIVMSG' && ctcp.startsWith('VERSION')) { send('NOTICE ' + m.nick + ' :\x01VERSION sockets web chat\x01'); }
        else if (m.command === 'PRIVMSG' && ctcp.startsWith('PING')) { send('NOTICE ' + m.nick + ' :\x01' + ctcp + '\x01'); }
      }
      addMessage(target || STATUS, m, text, time); // an ACTION is shown, other CTCP not
      break;
    }
    case 'TOPIC': {
      const b = buffer(p[0]);
      b.topic = p[1] || '';
      addLine(p[0], 'event', '', m.nick + ' set the topic: ' + b.topic, time);
      if (fold(p[0]) === fold(state.current)) $('topic').textContent = plain(b.topic);
      break;
    }
    case '332': { const b = buffer(p[1]); b.topic = p[2] || ''; if (fold(p[1]) === fold(state.current)) $('topic').textContent = plain(b.topic); break; }
    case '353': {
      const b = buffer(p[2]);
      for (const entry of (p[3] || '').split(' ').filter(Boolean)) {
        const match = /^([~&@%+]*)(.*)$/.exec(entry);
        b.members.set(match[2].split('!')[0], { prefix: match[1].slice(0, 1), away: false });
      }
      renderMembers();
      break;
    }
    case 'AWAY':
      for (const b of state.buffers.values()) { const mem = b.members.get(m.nick); if (mem) mem.away = p.length > 0; }
      renderMembers();
      break;
    case '301': addLine(buffer(p[1], false) ? p[1] : state.current, 'event', '', p[1] + ' is away: ' + (p[2] || ''), time); break;
    case '305': state.away = false; addLine(state.current, 'event', '', 'You are no longer marked as away'); break;
    case '306': state.away = true; addLine(state.current, 'event', '', 'You are marked as away'); break;
    case 'ERROR': addLine(STATUS, 'error', '', p[0] || 'closed'); break;
    case 'MODE': if (isChannel(p[0])) { addLine(p[0], 'event', '', m.nick + ' sets mode ' + p.slice(1).join(' '), time); send('NAMES ' + p[0]); buffer(p[0]).members.clear(); } break;
    default:
      if (/^[45]\d\d$/.test(m.command)) {
        addLine(state.current, 'error', '', p.slice(1).join(' '));
      } else if (/^\d\d\d$/.test(m.command) && !['366', '333', '329', '315', '318', '369', '005', '004', '003', '002'].includes(m.command)) {
        addLine(STATUS, 'event', '', p.slice(1).join(' '));
      }
  }
}

// --- connection ------------------------------------------------------------------------------------

function setState(text) {
  $('state').textContent = text;
}

function connect() {
  clearTimeout(state.retryTimer);
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/';
  setState('connecting...');
  let ws;
  try {
    ws = new WebSocket(url, ['text.ircv3.net']);
  } catch (e) {
    scheduleReconnect();
    return;
  }
  state.socket = ws;
  state.batches = new Batches();
  ws.addEventListener('open', () => {
    state.registered = false;
    negotiate();
    send('NICK ' + state.wanted);
    send('USER ' + state.wanted.replace(/[^A-Za-z0-9]/g, '').slice(0, 10).padEnd(1, 'w') + ' 0 * :web chat');
  });
  ws.addEventListener('message', (ev) => {
    if (typeof ev.data === 'string') {
      for (const l of ev.data.split(/\r?\n/)) if (l) receive(l);
    }
  });
  ws.addEventListener('close', () => {
    if (state.socket !== ws) return;
    state.socket = null;
    state.registered = false;
    for (const b of state.buffers.values()) { b.members.clear(); }
    renderMembers();
    if (state.quitting) {
      setState('disconnected');
      addLine(STATUS, 'event', '', 'Disconnected.');
      return;
    }
    scheduleReconnect();
  });
}

// Back-off: 1 s, 2 s, 4 s ... up to 15 s, with jitter so that a restarted server is not hit by every
// page at once.
function scheduleReconnect() {
  const delay = Math.min(15000, 1000 * 2 ** state.retry) * (0.75 + Math.random() * 0.5);
  state.retry = Math.min(state.retry + 1, 4);
  const s = Math.round(delay / 1000);
  setState('disconnected; reconnecting in ' + s + ' s');
  addLine(STATUS, 'event', '', 'Connection lost; reconnecting in ' + s + ' s');
  state.retryTimer = setTimeout(connect, delay);
}

// --- what the user types ---------------------------------------------------------------------------

function command(text) {
  if (!text.startsWith('/') || text.startsWith('//')) {
    const t = text.startsWith('//') ? text.slice(1) : text;
    if (state.current === STATUS) { addLine(STATUS, 'error', '', 'Join a channel first: /join #lan'); return; }
    if (send('PRIVMSG ' + state.current + ' :' + t)) echo(state.current, 'msg', t);
    else addLine(state.current, 'error', '', 'Not connected: not sent');
    return;
  }
  const sp = text.indexOf(' ');
  const cmd = (sp < 0 ? text.slice(1) : text.slice(1, sp)).toLowerCase();
  const arg = sp < 0 ? '' : text.slice(sp + 1).trim();
  const target = state.current !== STATUS ? state.current : '';
  switch (cmd) {
    case 'join': case 'j': if (arg) send('JOIN ' + arg.split(/\s+/)[0]); break;
    case 'part': case 'leave':
      if (isChannel(target)) send('PART ' + target + (arg ? ' :' + arg : ''));
      else if (target) closeBuffer(target);
      break;
    case 'close': if (target && !isChannel(target)) closeBuffer(target); else if (isChannel(target)) send('PART ' + target); break;
    case 'msg': case 'query': {
      const s2 = arg.indexOf(' ');
      const to = s2 < 0 ? arg : arg.slice(0, s2);
      if (!to) break;
      buffer(to);
      show(to);
      if (s2 > 0 && send('PRIVMSG ' + to + ' :' + arg.slice(s2 + 1))) echo(to, 'msg', arg.slice(s2 + 1));
      break;
    }
    case 'me': if (target && send('PRIVMSG ' + target + ' :\x01ACTION ' + arg + '\x01')) echo(target, 'action', arg); break;
    case 'nick': if (arg) { state.wanted = arg; send('NICK ' + arg); } break;
    case 'topic': if (isChannel(target)) send('TOPIC ' + target + (arg ? ' :' + arg : '')); break;
    case 'away': send(arg ? 'AWAY :' + arg : 'AWAY'); break;
    case 'back': send('AWAY'); break;
    case 'whois': if (arg) send('WHOIS ' + arg); break;
    case 'quote': case 'raw': if (arg) send(arg); break;
    case 'quit': state.quitting = true; send('QUIT :' + (arg || 'web chat')); break;
    default: addLine(state.current, 'error', '', 'Unknown command /' + cmd);
  }
}

// What we sent, shown at once unless the server echoes it (echo-message: then with its time and msgid).
function echo(target, kind, text) {
  if (!state.caps.has('echo-message')) addLine(target, kind, state.nick, text);
}

function closePanels() {
  for (const id of ['buffers', 'members']) {
    $(id).classList.remove('open');
    $('toggle-' + id).setAttribute('aria-expanded', 'false');
  }
}

function start() {
  const saved = sessionStorage.getItem('chat.login');
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const nick = $('nick').value.trim();
    const auth = authFromForm(nick);
    if (typeof auth === 'string') { $('login-error').textContent = auth; return; }
    $('password').value = '';
    login(nick, $('channels').value, auth);
  });
  wireAccountForm();
  $('input-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = $('input').value;
    if (text.trim()) command(text);
    $('input').value = '';
  });
  $('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = $('join-name').value.trim();
    if (name) send('JOIN ' + (isChannel(name) ? name : '#' + name));
    $('join-name').value = '';
    closePanels();
    $('input').focus();
  });
  for (const id of ['buffers', 'members']) {
    $('toggle-' + id).addEventListener('click', () => {
      const open = $(id).classList.toggle('open');
      $('toggle-' + id).setAttribute('aria-expanded', String(open));
    });
  }
  // Alt+Up / Alt+Down: previous / next buffer; Escape closes the side panels on a phone.
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') closePanels();
    if (!ev.altKey || (ev.key !== 'ArrowUp' && ev.key !== 'ArrowDown')) return;
    const names = [...state.buffers.values()].map((b) => b.name);
    const i = names.findIndex((n) => fold(n) === fold(state.current));
    const next = names[(i + (ev.key === 'ArrowDown' ? 1 : names.length - 1)) % names.length];
    if (next) { show(next); ev.preventDefault(); }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.buffers.size) renderMessages();
  });
  if (saved) {
    const s = JSON.parse(saved);
    if (s.account) askPasswordAgain(s);
    else login(s.nick, s.channels.join(','), { mode: 'none', account: '', password: '' });
  }
}

function login(nick, channels, auth) {
  if (!nick) { $('login-error').textContent = 'Pick a nickname.'; return; }
  state.wanted = nick;
  state.auth = auth;
  state.account = '';
  state.quitting = false;
  state.channels = channels.split(/[\s,]+/).filter(Boolean).map((c) => (isChannel(c) ? c : '#' + c));
  remember();
  $('login-error').textContent = '';
  $('login').hidden = true;
  $('chat').hidden = false;
  buffer(STATUS);
  show(STATUS);
  $('input').focus();
  connect();
}

window.addEventListener('beforeunload', () => {
  if (state.socket) { state.quitting = true; send('QUIT :page closed'); }
  if (state.wanted) remember();
});

document.addEventListener('DOMContentLoaded', start);
