/**
 * What each IRC command does: {@link dev.sockets.chat.server.command.CommandTable} is the one table of
 * commands (name, minimum parameters, allowed before registration, handler) and does dispatch, 421, 451
 * and 461 in one place; one class per family of commands holds the handlers. Handlers never do I/O:
 * they change the registry and queue formatted lines on clients. Each gets its collaborators in a
 * {@link dev.sockets.chat.server.command.CommandContext}. Depends on {@code state}, {@code network}, {@code config} and
 * {@code protocol}.
 */
package dev.sockets.chat.server.command;
