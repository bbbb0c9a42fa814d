/**
 * The chat client: the active-open side of the chat, a terminal IRC client ({@code chat client}) that
 * registers with any RFC 2812 server, turns typed or piped lines into IRC commands and shows incoming
 * traffic readably. {@link dev.sockets.chat.client.ChatClientCommand} is the entry point; the session
 * ({@code ChatClient}) owns the connection, the pure parts ({@code IrcMessage}, {@code MessageFormatter},
 * {@code Formatting}, {@code InputParser}, {@code Roster} and {@code ChatCompleter} for Tab) are unit-tested
 * on their own. Depends on {@code common} (connect, CLI) and on
 * {@code dev.sockets.chat.protocol} for case mapping; nothing in the server depends on this package.
 */
package dev.sockets.chat.client;
