/**
 * A server of the socket model: {@link dev.sockets.common.server.Server} owns TCP listeners and UDP
 * services, serves each connection on a virtual thread, enforces {@link dev.sockets.common.server.Limits}
 * and counts {@link dev.sockets.common.server.ServerStats}; start/stop with a grace period. Depends on
 * {@code net}, {@code tcp} and {@code udp}; protocol modules depend on it.
 */
package dev.sockets.common.server;
