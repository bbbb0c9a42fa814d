/**
 * UDP in the socket model: independent datagrams, no connection.
 * {@link dev.sockets.common.udp.DatagramService} receives and answers on one endpoint after the
 * {@link dev.sockets.common.udp.UdpPolicy} checks (loop guard, per-source reply rate);
 * {@link dev.sockets.common.udp.DatagramClient} sends and waits for replies. Depends on {@code net} and {@code limit}.
 */
package dev.sockets.common.udp;
