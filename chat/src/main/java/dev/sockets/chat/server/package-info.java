/**
 * The chat server: {@link dev.sockets.chat.server.ChatServer} wires a {@code common} Server to one
 * {@link dev.sockets.chat.server.Client} session per connection (its reader runs on the connection's
 * virtual thread, its {@link dev.sockets.chat.server.Outbox} writer on one more), the shared
 * {@link dev.sockets.chat.server.Registry} of nicks and {@link dev.sockets.chat.server.Channel}s, flood
 * control and timeouts. Commands live in {@code server.command}, which depends on this package; this
 * package depends on {@code protocol} and {@code common}.
 */
package dev.sockets.chat.server;
