package dev.sockets.common.cli;

import picocli.CommandLine.Option;

/**
 * {@code --tcp} / {@code --udp} of servers that speak both: neither (or both) serves TCP and UDP on the
 * same port, one of them serves only that transport.
 */
public final class TransportOptions {

    @Option(names = "--tcp", description = "Serve TCP only (default: TCP and UDP).")
    boolean tcpOnly;

    @Option(names = "--udp", description = "Serve UDP only (default: TCP and UDP).")
    boolean udpOnly;

    public boolean tcp() {
        return tcpOnly || !udpOnly;
    }

    public boolean udp() {
        return udpOnly || !tcpOnly;
    }
}
