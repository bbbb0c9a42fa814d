package dev.sockets.common.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.udp.DatagramHandler;
import dev.sockets.common.udp.UdpPolicy;

/** A UDP service to open. */
record UdpSpec(Endpoint endpoint, DatagramHandler handler, UdpPolicy policy) {

    UdpSpec on(Endpoint other) {
        return new UdpSpec(other, handler, policy);
    }
}
