package dev.sockets.common.cli;

/**
 * A command whose {@code --port} defaults to its protocol's well-known port. The shared {@code --port}
 * option cannot name it, so {@link Cli#description} adds it to the command's help and man page.
 */
public interface ProtocolPort {

    /** The default as help shows it: {@code 7}, or {@code 6667 (6697 with --tls)}. */
    String defaultPortHelp();
}
