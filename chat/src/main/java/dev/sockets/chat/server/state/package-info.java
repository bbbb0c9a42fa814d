/**
 * The state of the chat network as this server knows it: users, channels and the registry, changed only
 * through a {@link dev.sockets.chat.server.state.Change} that is announced after it applied. Talks to the
 * rest through two ports: {@link dev.sockets.chat.server.state.Peers} (the other servers) and
 * {@link dev.sockets.chat.server.state.Link} (a local client's transport).
 */
package dev.sockets.chat.server.state;
