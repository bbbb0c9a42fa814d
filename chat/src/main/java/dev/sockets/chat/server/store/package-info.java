/**
 * The chat server's database: an embedded SQLite file under {@code --data-dir} by default, PostgreSQL
 * ({@code --store postgresql://...}) for a network of servers that share it. {@link Store} opens either,
 * migrates it to the one schema (Flyway, {@code db/migration/V*.sql}) and hands out JDBC connections
 * from a pool; {@link Dialect} names the few places where the two databases differ. It depends on
 * nothing else of the server but the configuration layer, so any layer above may use it.
 */
package dev.sockets.chat.server.store;
