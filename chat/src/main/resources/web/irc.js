// IRC for the web chat, without any page: parsing a line (IRCv3 tags unescaped), the rfc1459 case
// mapping, SASL PLAIN's AUTHENTICATE payload, and collecting the lines of a BATCH. Loaded before chat.js.
'use strict';

// A tag value as message-tags escapes it: \: is ;, \s a space, \\ a backslash, \r and \n themselves.
function unescapeTag(v) {
  return v.replace(/\\(.?)/g, (all, c) => ({ ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' }[c] ?? c));
}

function parse(line) {
  let rest = line, prefix = '';
  const tags = {};
  if (rest.startsWith('@')) {
    const sp = rest.indexOf(' ');
    for (const t of rest.slice(1, sp < 0 ? undefined : sp).split(';')) {
      const eq = t.indexOf('=');
      tags[eq < 0 ? t : t.slice(0, eq)] = eq < 0 ? '' : unescapeTag(t.slice(eq + 1));
    }
    rest = sp < 0 ? '' : rest.slice(sp + 1).trimStart();
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

// When the server saw a line (server-time), or undefined without a valid time tag.
function timeOf(m) {
  const t = m.tags.time ? new Date(m.tags.time) : undefined;
  return t && !isNaN(t.getTime()) ? t : undefined;
}

const isChannel = (name) => /^[#&+!]/.test(name);
const fold = (s) => s.toLowerCase().replace(/\[/g, '{').replace(/\]/g, '}').replace(/\\/g, '|').replace(/~/g, '^');
// mIRC colours and formatting codes: shown as plain text.
const plain = (s) => s.replace(/\x03(\d{1,2}(,\d{1,2})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g, '');

// SASL PLAIN (RFC 4616): base64 of authzid NUL authcid NUL password, UTF-8, no authzid; sent as AUTHENTICATE
// lines of at most 400 bytes, and '+' after a last line of exactly 400 (or for an empty payload).
function saslPlain(account, password) {
  const bytes = new TextEncoder().encode('\0' + account + '\0' + password);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  const b64 = btoa(binary);
  const lines = [];
  for (let i = 0; i < b64.length; i += 400) lines.push(b64.slice(i, i + 400));
  if (b64.length % 400 === 0) lines.push('+');
  return lines;
}

// The batches open on this connection: their lines are held until the batch ends, then handed over as one.
class Batches {
  constructor() { this.open = new Map(); }

  // BATCH +ref type params... opens one; BATCH -ref returns { type, params, lines } (null if unknown).
  batch(m) {
    const ref = m.params[0] || '';
    if (ref.startsWith('+')) {
      this.open.set(ref.slice(1), { type: m.params[1] || '', params: m.params.slice(2), lines: [] });
      return null;
    }
    const done = this.open.get(ref.slice(1));
    this.open.delete(ref.slice(1));
    return done || null;
  }

  // True when the line belongs to an open batch (and is kept for its end).
  hold(m) {
    const b = m.tags.batch !== undefined && this.open.get(m.tags.batch);
    if (!b) return false;
    b.lines.push(m);
    return true;
  }
}
