/**
 * The chat server: {@link dev.sockets.chat.server.ChatServer} wires a {@code common} Server to one
 * {@link dev.sockets.chat.server.Client} session per connection (its reader runs on the connection's
 * virtual thread, its {@link dev.sockets.chat.server.Outbox} writer on one more), the shared
 * {@link dev.sockets.chat.server.Registry} of nicks and {@link dev.sockets.chat.server.Channel}s (changed
 * only through a {@link dev.sockets.chat.server.Change}), flood control and timeouts. Commands live in
 * {@code server.command} and the cluster in {@code server.cluster}; both depend on this package; it depends
 * back on {@code server.command} in its wiring ({@code ChatServer} builds the {@code CommandTable}), a
 * cycle issue #17 has yet to remove. It also depends on {@code protocol} and {@code common}.
 */
package dev.sockets.chat.server;
