/**
 * Command-line building blocks shared by every command: {@link dev.sockets.common.cli.Cli} (exit codes,
 * one-line errors), option mixins ({@link dev.sockets.common.cli.ServerOptions},
 * {@link dev.sockets.common.cli.UdpOptions}, {@link dev.sockets.common.cli.Verbosity}), duration
 * parsing, and {@link dev.sockets.common.cli.ServerRunner}, which runs servers in the foreground until
 * a signal. Depends on everything else in {@code common}.
 */
package dev.sockets.common.cli;
