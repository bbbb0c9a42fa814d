package dev.sockets.common.net;

import java.nio.channels.Channel;
import java.util.Objects;

/**
 * A socket a server was handed instead of binding its own: by systemd socket activation (with the name
 * of its {@code FileDescriptorName=}) or by inetd on standard input (named {@code stdin}).
 *
 * @param name the name it was passed with; a server serves a socket named like one of its transports
 *             ({@code tcp}, {@code udp}, {@code tls}) on that transport, any other by its kind
 * @param channel a listening {@code ServerSocketChannel}, a bound {@code DatagramChannel} or a connected
 *                {@code SocketChannel}
 */
public record InheritedSocket(String name, Channel channel) {

    public InheritedSocket {
        Objects.requireNonNull(name);
        Objects.requireNonNull(channel);
    }
}
