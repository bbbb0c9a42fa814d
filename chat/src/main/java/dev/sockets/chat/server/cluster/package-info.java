/**
 * Several chat servers as one network over a {@link dev.sockets.chat.server.cluster.Backplane} (Redis):
 * {@link dev.sockets.chat.server.cluster.ClusterNetwork} implements the network interface by putting
 * together small parts, each with one job (membership, nick claims, the publisher, the receiver, known
 * nodes, the heartbeat), whose locks follow one order in code
 * ({@link dev.sockets.chat.server.cluster.OrderedLock}). Depends on the state, network and protocol
 * layers; only the server wiring and the launcher know it.
 */
package dev.sockets.chat.server.cluster;
