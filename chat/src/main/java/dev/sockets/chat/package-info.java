/**
 * The {@code chat} command line: {@link dev.sockets.chat.ChatMain} ({@code chat}) and its
 * {@code server} subcommand ({@link dev.sockets.chat.ChatServerCommand}). Depends on
 * {@code chat.server} and {@code common.cli}; nothing depends on it.
 */
package dev.sockets.chat;
