/**
 * One connected client's transport: the reader loop, the send queue and its writer, flood control, the
 * TLS handshake, and the one place a connection ends. Knows the state, not the commands: lines go to a
 * {@link dev.sockets.chat.server.session.Session.Dispatcher} the wiring provides.
 */
package dev.sockets.chat.server.session;
