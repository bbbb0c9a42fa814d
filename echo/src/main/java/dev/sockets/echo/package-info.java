/**
 * The {@code echo} command of the suite (RFC 862): {@link dev.sockets.echo.EchoMain} ties together the
 * {@code server}, {@code client} and {@code load} subcommands that live in the subpackages. Nothing
 * depends on this package; it depends on every echo subpackage and on {@code common}'s CLI support.
 */
package dev.sockets.echo;
