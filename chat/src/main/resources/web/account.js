// Connecting with an account: IRCv3 capability negotiation (CAP LS 302, REQ, END) on every connection,
// logging in with SASL PLAIN or creating the account with REGISTER (draft/account-registration) before
// the registration completes, and the answers (900, 903, 904, REGISTER SUCCESS, FAIL REGISTER) shown as
// text. The password lives only in this page's memory: never in the URL, in storage or in a log, so after
// a reload the login form asks for it again.
'use strict';

const WANTED_CAPS = ['server-time', 'message-tags', 'batch', 'echo-message', 'draft/chathistory'];

// A new connection is open: negotiate first, so nothing is missed before CAP END.
function negotiate() {
  state.nickRetries = 0;
  state.offered = new Map();
  state.caps = new Set();
  state.capEnded = false;
  send('CAP LS 302');
}

function capEnd() {
  if (!state.capEnded) {
    state.capEnded = true;
    send('CAP END');
  }
}

// CAP LS (maybe over several lines, '*' before the list on all but the last), ACK and NAK.
function capReply(m) {
  const p = m.params;
  const sub = (p[1] || '').toUpperCase();
  if (sub === 'LS') {
    const more = p[2] === '*' && p.length > 3;
    for (const c of (p[more ? 3 : 2] || '').split(' ').filter(Boolean)) {
      const eq = c.indexOf('=');
      state.offered.set(eq < 0 ? c : c.slice(0, eq), eq < 0 ? '' : c.slice(eq + 1));
    }
    if (more || state.capEnded) return;
    const want = WANTED_CAPS.filter((c) => state.offered.has(c));
    if (state.auth.mode === 'login' && state.offered.has('sasl')) want.push('sasl');
    if (state.auth.mode === 'register' && state.offered.has('draft/account-registration')) want.push('draft/account-registration');
    if (want.length) send('CAP REQ :' + want.join(' '));
    else authenticate();
  } else if (sub === 'ACK') {
    for (const c of (p[2] || '').split(' ').filter(Boolean)) {
      if (c.startsWith('-')) state.caps.delete(c.slice(1)); else state.caps.add(c);
    }
    if (!state.registered) authenticate();
  } else if (sub === 'NAK' && !state.registered) {
    authenticate();
  }
}

// After the capabilities: log in, register, or just go on.
function authenticate() {
  const a = state.auth;
  if (a.mode === 'login') {
    if (!state.caps.has('sasl')) { loginFailed('This server does not offer logging in to an account (SASL).'); return; }
    send('AUTHENTICATE PLAIN');
  } else if (a.mode === 'register') {
    if (!state.offered.has('draft/account-registration')) {
      loginFailed('This server does not offer registering an account.');
    } else if (state.offered.get('draft/account-registration').split(',').includes('before-connect')) {
      send('REGISTER * * :' + a.password);
    } else {
      capEnd(); // registered once connected: see welcomed()
    }
  } else {
    capEnd();
  }
}

// 001: a REGISTER that had to wait for the connection goes now.
function welcomed() {
  if (state.auth.mode === 'register' && state.offered.has('draft/account-registration')
      && !state.offered.get('draft/account-registration').split(',').includes('before-connect')) {
    send('REGISTER * * :' + state.auth.password);
  }
}

// 433 or 432 before the welcome. Most often after a reload the nick is held by this page's previous connection,
// which the server is still ending: ask for it again a few times, a second apart, before taking another. A nick
// being registered as an account cannot be another: the form says so.
function nickRefused(m) {
  const nick = m.params[1] || state.wanted;
  if (state.auth.mode === 'register') {
    loginFailed('The nickname ' + nick + ' is in use: pick another, or log in to its account.');
    return;
  }
  if (m.command === '433' && state.nickRetries < 3) {
    state.nickRetries++;
    const ws = state.socket;
    setTimeout(() => { if (state.socket === ws && !state.registered) send('NICK ' + state.wanted); }, 1000);
    return;
  }
  state.wanted = (m.command === '432' ? 'web' : state.wanted) + '_';
  addLine(STATUS, 'error', '', nick + ': ' + (m.params[2] || '') + '; trying ' + state.wanted);
  send('NICK ' + state.wanted);
}

// The server's side of logging in; true when the line was one of these.
function accountReply(m) {
  const p = m.params;
  switch (m.command) {
    case 'CAP': capReply(m); return true;
    case 'AUTHENTICATE':
      if (p[0] === '+') for (const l of saslPlain(state.auth.account, state.auth.password)) send('AUTHENTICATE ' + l);
      return true;
    case '900':
      state.account = p[2] || state.auth.account;
      addLine(STATUS, 'event', '', p[3] || 'You are now logged in as ' + state.account);
      remember();
      return true;
    case '903': addLine(STATUS, 'event', '', p[1] || 'Logged in'); capEnd(); return true;
    case '902': case '904': case '905': case '906': case '908':
      loginFailed('Login failed: ' + (p[p.length - 1] || m.command));
      return true;
    case '907': capEnd(); return true;
    case 'REGISTER':
      if ((p[0] || '').toUpperCase() === 'SUCCESS') {
        addLine(STATUS, 'event', '', 'Account ' + (p[1] || '') + ' registered: ' + (p[2] || ''));
        // From now on this connection's reconnects log in to it.
        state.auth = { mode: 'login', account: p[1] || state.wanted, password: state.auth.password };
        capEnd();
      } else {
        addLine(STATUS, 'event', '', p.slice(1).join(' '));
        capEnd();
      }
      return true;
    case 'FAIL':
      if ((p[0] || '').toUpperCase() === 'REGISTER') {
        loginFailed('Registration failed (' + (p[1] || '') + '): ' + (p[p.length - 1] || ''));
        return true;
      }
      addLine(state.current, 'error', '', p[0] + ' ' + (p[1] || '') + ': ' + (p[p.length - 1] || ''));
      return true;
    default: return false;
  }
}

// Back to the login form with why; this connection ends (and no reconnect follows).
function loginFailed(text) {
  addLine(STATUS, 'error', '', text);
  state.quitting = true;
  if (!send('QUIT :login failed') && state.socket) state.socket.close();
  state.auth = { mode: 'none', account: '', password: '' };
  $('password').value = '';
  $('chat').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = text;
  $('password').focus();
}

// What the page keeps for a reload of this tab: the nick, channels and account name, never the password.
function remember() {
  sessionStorage.setItem('chat.login', JSON.stringify({
    nick: state.nick || state.wanted, channels: state.channels, account: state.account || state.auth.account || '',
  }));
}

// The form's account fields as what to do: { mode: none | login | register, account, password }, or a string
// saying what is wrong.
function authFromForm(nick) {
  const password = $('password').value;
  const account = $('account').value.trim();
  if ($('register').checked) {
    if (!password) return 'Pick a password for the new account.';
    if (account && fold(account) !== fold(nick)) return 'A new account is named after your nickname: leave the account name empty.';
    return { mode: 'register', account: nick, password };
  }
  if (!password) return account ? 'Enter the password of ' + account + '.' : { mode: 'none', account: '', password: '' };
  return { mode: 'login', account: account || nick, password };
}

// A reload of a page that was logged in: the form again, filled in, asking only for the password.
function askPasswordAgain(saved) {
  $('nick').value = saved.nick || '';
  $('channels').value = (saved.channels || []).join(', ');
  $('account').value = saved.account && fold(saved.account) !== fold(saved.nick || '') ? saved.account : '';
  $('login-error').textContent = 'Log in again as ' + saved.account + ': the page does not keep your password.';
  $('password').focus();
}

function wireAccountForm() {
  $('register').addEventListener('change', () => {
    $('password').autocomplete = $('register').checked ? 'new-password' : 'current-password';
  });
}
