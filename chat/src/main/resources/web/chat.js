// The web chat: IRC over a WebSocket to the server that served this page (IRCv3 text.ircv3.net, one
// line per message). Every piece of IRC text reaches the page as a DOM text node (never parsed as markup), and
// only http(s) links become anchors, so no message can inject markup or script.
'use strict';

const $ = (id) => document.getElementById(id);
const STATUS = '*status*';
const state = {
  nick: '', wanted: '', registered: false, socket: null, quitting: false, retry: 0, retryTimer: null,
  buffers: new Map(), current: STATUS, channels: [], history: new Map(), away: false,
};

// --- IRC lines -------------------------------------------------------------------------------------

function parse(line) {
  let rest = line, tags = {}, prefix = '';
  if (rest.startsWith('@')) {
    const sp = rest.indexOf(' ');
    for (const t of rest.slice(1, sp).split(';')) {
      const eq = t.indexOf('=');
      tags[eq < 0 ? t : t.slice(0, eq)] = eq < 0 ? '' : t.slice(eq + 1);
    }
    rest = rest.slice(sp + 1).trimStart();
  }
  if (rest.startsWith(':')) {
    const sp = rest.indexOf(' ');
    prefix = rest.slice(1, sp < 0 ? undefined : sp);
    rest = sp < 0 ? '' : rest.slice(sp + 1).trimStart();
  }
  const params = [];
  while (rest.length) {
    if (rest.startsWith(':')) { params.push(rest.slice(1)); break; }
    const sp = rest.indexOf(' ');
    if (sp < 0) { params.push(rest); break; }
    params.push(rest.slice(0, sp));
    rest = rest.slice(sp + 1).trimStart();
  }
  const command = (params.shift() || '').toUpperCase();
  return { tags, prefix, nick: prefix.split('!')[0], command, params };
}

function send(line) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(line);
    return true;
  }
  return false;
}

const isChannel = (name) => /^[#&+!]/.test(name);
const fold = (s) => s.toLowerCase().replace(/\[/g, '{').replace(/\]/g, '}').replace(/\\/g, '|').replace(/~/g, '^');
// mIRC colours and formatting codes: shown as plain text.
const plain = (s) => s.replace(/\x03(\d{1,2}(,\d{1,2})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g, '');

// --- buffers ---------------------------------------------------------------------------------------

function buffer(name, create = true) {
  const key = fold(name);
  let b = state.buffers.get(key);
  if (!b && create) {
    b = { name, lines: [], members: new Map(), topic: '', unread: 0, mention: false, markerAt: -1, joined: false };
    state.buffers.set(key, b);
    renderBuffers();
  }
  return b;
}

function addLine(target, kind, nick, text, time) {
  const b = buffer(target);
  const mention = kind === 'msg' && state.nick && nick !== state.nick
      && new RegExp('\\b' + state.nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\b', 'i').test(text);
  const entry = { kind, nick, text: plain(text), time: time || new Date(), mention, self: nick === state.nick };
  b.lines.push(entry);
  if (b.lines.length > 2000) { b.lines.shift(); if (b.markerAt > 0) b.markerAt--; }
  if (fold(target) === fold(state.current) && document.visibilityState !== 'hidden') {
    $('messages').appendChild(renderLine(entry));
    scrollDown();
  } else if (kind === 'msg' || kind === 'action') {
    if (b.unread === 0) b.markerAt = b.lines.length - 1;
    b.unread++;
    b.mention = b.mention || mention || !isChannel(target);
    renderBuffers();
    if (fold(target) === fold(state.current)) { renderMessages(); }
  }
}

function renderLine(e) {
  const div = document.createElement('div');
  div.className = 'line ' + e.kind + (e.mention ? ' mention' : '') + (e.self ? ' self' : '');
  const time = document.createElement('time');
  time.dateTime = e.time.toISOString();
  time.textContent = e.time.toTimeString().slice(0, 5);
  div.appendChild(time);
  div.appendChild(document.createTextNode(' '));
  if (e.kind === 'msg' || e.kind === 'notice') {
    const n = document.createElement('span');
    n.className = 'nick';
    n.textContent = e.kind === 'notice' ? '-' + e.nick + '-' : '<' + e.nick + '>';
    div.appendChild(n);
    div.appendChild(document.createTextNode(' '));
  } else if (e.kind === 'action') {
    div.appendChild(document.createTextNode('* ' + e.nick + ' '));
  }
  linkify(div, e.text);
  return div;
}

// Text nodes for everything; anchors only for what parses as an http(s) URL.
function linkify(parent, text) {
  const re = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;
  let last = 0, m;
  while ((m = re.exec(text)) !== null) {
    parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    let url = null;
    try { url = new URL(m[0]); } catch (e) { url = null; }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      const a = document.createElement('a');
      a.href = url.href;
      a.textContent = m[0];
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow';
      parent.appendChild(a);
    } else {
      parent.appendChild(document.createTextNode(m[0]));
    }
    last = m.index + m[0].length;
  }
  parent.appendChild(document.createTextNode(text.slice(last)));
}

function scrollDown() {
  const m = $('messages');
  m.scrollTop = m.scrollHeight;
}

function renderMessages() {
  const b = buffer(state.current);
  const box = $('messages');
  box.replaceChildren();
  b.lines.forEach((e, i) => {
    if (i === b.markerAt) {
      const mk = document.createElement('div');
      mk.className = 'marker';
      mk.textContent = 'new';
      box.appendChild(mk);
    }
    box.appendChild(renderLine(e));
  });
  scrollDown();
  $('buffer-name').textContent = b.name;
  $('topic').textContent = plain(b.topic || '');
  renderMembers();
}

function renderBuffers() {
  const list = $('buffer-list');
  list.replaceChildren();
  for (const b of state.buffers.values()) {
    const li = document.createElement('li');
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'buffer';
    btn.dataset.buffer = b.name;
    if (fold(b.name) === fold(state.current)) btn.setAttribute('aria-current', 'true');
    const label = document.createElement('span');
    label.textContent = b.name;
    btn.appendChild(label);
    if (b.unread > 0) {
      const badge = document.createElement('span');
      badge.className = 'unread' + (b.mention ? ' mention' : '');
      badge.textContent = String(b.unread);
      badge.setAttribute('aria-label', b.unread + ' unread');
      btn.appendChild(badge);
    }
    btn.addEventListener('click', () => { show(b.name); closePanels(); $('input').focus(); });
    li.appendChild(btn);
    list.appendChild(li);
  }
}

function renderMembers() {
  const b = buffer(state.current);
  const list = $('member-list');
  list.replaceChildren();
  const ranks = { '~': 0, '&': 1, '@': 2, '%': 3, '+': 4, '': 5 };
  const names = [...b.members.entries()].sort((x, y) =>
      (ranks[x[1].prefix] - ranks[y[1].prefix]) || fold(x[0]).localeCompare(fold(y[0])));
  for (const [nick, m] of names) {
    const li = document.createElement('li');
    li.textContent = m.prefix + nick;
    if (m.away) li.className = 'away';
    list.appendChild(li);
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
  const p = m.params;
  const time = m.tags.time ? new Date(m.tags.time) : undefined;
  switch (m.command) {
    case 'PING': send('PONG :' + (p[0] || '')); break;
    case '001':
      state.registered = true;
      state.nick = p[0];
      state.retry = 0;
      setState('connected as ' + state.nick);
      addLine(STATUS, 'event', '', p[1] || 'Welcome');
      for (const c of state.channels) send('JOIN ' + c);
      break;
    case '433': case '432':
      if (!state.registered) {
        state.wanted = (m.command === '432' ? 'web' : state.wanted) + '_';
        addLine(STATUS, 'error', '', (p[1] || '') + ' ' + (p[2] || '') + ': trying ' + state.wanted);
        send('NICK ' + state.wanted);
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
      if (text.startsWith('\x01')) {
        const ctcp = text.replace(/\x01/g, '');
        if (ctcp.startsWith('ACTION ')) { addLine(target, 'action', m.nick, ctcp.slice(7), time); }
        else if (m.command === 'PRIVMSG' && ctcp.startsWith('VERSION')) { send('NOTICE ' + m.nick + ' :\x01VERSION sockets web chat\x01'); }
        else if (m.command === 'PRIVMSG' && ctcp.startsWith('PING')) { send('NOTICE ' + m.nick + ' :\x01' + ctcp + '\x01'); }
        break;
      }
      addLine(target || STATUS, m.command === 'NOTICE' ? 'notice' : 'msg', m.nick || 'server', text, time);
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
  ws.addEventListener('open', () => {
    state.registered = false;
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
    if (send('PRIVMSG ' + state.current + ' :' + t)) addLine(state.current, 'msg', state.nick, t);
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
      if (s2 > 0 && send('PRIVMSG ' + to + ' :' + arg.slice(s2 + 1))) addLine(to, 'msg', state.nick, arg.slice(s2 + 1));
      break;
    }
    case 'me': if (target && send('PRIVMSG ' + target + ' :\x01ACTION ' + arg + '\x01')) addLine(target, 'action', state.nick, arg); break;
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
    login($('nick').value.trim(), $('channels').value);
  });
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
    login(s.nick, s.channels.join(','));
  }
}

function login(nick, channels) {
  if (!nick) { $('login-error').textContent = 'Pick a nickname.'; return; }
  state.wanted = nick;
  state.channels = channels.split(/[\s,]+/).filter(Boolean).map((c) => (isChannel(c) ? c : '#' + c));
  sessionStorage.setItem('chat.login', JSON.stringify({ nick, channels: state.channels }));
  $('login').hidden = true;
  $('chat').hidden = false;
  buffer(STATUS);
  show(STATUS);
  $('input').focus();
  connect();
}

window.addEventListener('beforeunload', () => {
  if (state.socket) { state.quitting = true; send('QUIT :page closed'); }
  if (state.channels) {
    const s = sessionStorage.getItem('chat.login');
    if (s) { const v = JSON.parse(s); v.channels = state.channels; v.nick = state.nick || v.nick; sessionStorage.setItem('chat.login', JSON.stringify(v)); }
  }
});

document.addEventListener('DOMContentLoaded', start);
