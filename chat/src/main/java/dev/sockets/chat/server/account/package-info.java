/**
 * Accounts and registered channels: {@link dev.sockets.chat.server.account.Accounts} (SQL in the server's
 * store: {@link dev.sockets.chat.server.account.SqlAccounts}), Argon2id
 * {@link dev.sockets.chat.server.account.PasswordHash}es, the
 * {@link dev.sockets.chat.server.account.AccountService} the commands log in and register through (with
 * its limits on guessing), and {@link dev.sockets.chat.server.account.SqlChannelRegistrations}. It knows the
 * protocol's case mapping and JDBC, nothing of users, sessions or the network; the commands, the wiring and
 * the launcher's {@code chat account} use it.
 */
package dev.sockets.chat.server.account;
