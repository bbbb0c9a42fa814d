/**
 * TCP in the socket model: the passive open ({@link dev.sockets.common.tcp.TcpListener}: bind, listen,
 * accept on one platform thread), the connected socket ({@link dev.sockets.common.tcp.Connection}) each
 * accepted client gets, the active open ({@link dev.sockets.common.tcp.TcpClient}) and the protocol
 * hook ({@link dev.sockets.common.tcp.ConnectionHandler}). Depends on {@code net} only.
 */
package dev.sockets.common.tcp;
