/**
 * The IRC wire format, free of sockets and threads: {@link dev.sockets.chat.protocol.IrcLine} parses and
 * formats one line (bytes in, bytes out, never assuming UTF-8), {@link dev.sockets.chat.protocol.Numeric}
 * names the reply codes, {@link dev.sockets.chat.protocol.CaseMapping} folds nicks and channel names the
 * rfc1459 way and checks their syntax. Depends on nothing; the server (and a client) depend on it.
 */
package dev.sockets.chat.protocol;
