/**
 * The chat server's wiring: {@link dev.sockets.chat.server.ChatServer} builds a {@code common} Server, the
 * state ({@code server.state}), the command table ({@code server.command}) and one session per connection
 * ({@code server.session}), and joins the network ({@code server.network}, {@code server.cluster}).
 * Nothing but the launcher imports this package; every other package of the server depends only on the
 * layers below it (see {@code ChatArchitectureTest} and docs/ARCHITECTURE.md).
 */
package dev.sockets.chat.server;
