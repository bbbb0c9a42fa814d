/**
 * A server of the socket model: {@link dev.sockets.common.server.Server} keeps the lifecycle of its TCP
 * listeners and UDP services and serves each connection on a virtual thread; binding, inherited
 * sockets, admission ({@link dev.sockets.common.server.Capacity}, per-IP count, connect rate), the
 * {@link dev.sockets.common.server.Refusal}, the {@link dev.sockets.common.server.Watchdog} and
 * {@link dev.sockets.common.server.Limits} are types of their own. Depends on {@code net}, {@code limit},
 * {@code tcp} and {@code udp}; {@code cli} and protocol modules depend on it.
 */
package dev.sockets.common.server;
