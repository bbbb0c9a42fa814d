/**
 * Test fixtures every module uses, published in common's test jar:
 * {@link dev.sockets.common.testing.ServerFixture} starts a server on port 0 and closes it;
 * {@link dev.sockets.common.testing.LineClient} is a line-oriented TCP client whose every wait is bounded;
 * {@link dev.sockets.common.testing.PostgresProcess} is a real PostgreSQL (Debian's) in a temporary
 * directory on a free loopback port, for the chat store's tests, which take a database of their own on
 * it through the {@link dev.sockets.common.testing.PostgresDatabase} extension.
 * {@link dev.sockets.common.testing.RedisProcess} is a real redis-server on a free loopback port, which
 * chat's cluster tests and the cluster's integration test take through the
 * {@link dev.sockets.common.testing.RedisServer} extension.
 * Depends on common; used only by tests.
 */
package dev.sockets.common.testing;
