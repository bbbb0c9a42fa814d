// Drawing the web chat: lines, the buffer list and the member list. Every piece of IRC text becomes a DOM
// text node (never markup); only what parses as an http(s) URL becomes an anchor.
'use strict';

function renderLine(e) {
  const div = document.createElement('div');
  div.className = 'line ' + e.kind + (e.mention ? ' mention' : '') + (e.self ? ' self' : '');
  const time = document.createElement('time');
  time.dateTime = e.time.toISOString();
  // Today's lines by the time alone; older ones (history) with their day.
  const day = e.time.toDateString() === new Date().toDateString() ? '' : e.time.toISOString().slice(0, 10) + ' ';
  time.textContent = day + e.time.toTimeString().slice(0, 5);
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
