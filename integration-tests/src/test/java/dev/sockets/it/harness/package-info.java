/**
 * The integration-test harness: external processes with collected output and bounded waits
 * ({@link dev.sockets.it.harness.ExternalProcess}), our servers run from their jars
 * ({@link dev.sockets.it.harness.OurServer}, {@link dev.sockets.it.harness.Suite}), free loopback ports,
 * required Debian tools, the peer servers xinetd and ngIRCd from private configs (redis-server, the
 * backplane of a chat cluster, is common's {@link dev.sockets.common.testing.RedisServer}), a raw IRC peer, irssi in tmux
 * ({@link dev.sockets.it.harness.Irssi}), and
 * the load clients of the reliability tests: a verifying echo stream ({@link dev.sockets.it.harness.EchoStream}),
 * a talking chat client ({@link dev.sockets.it.harness.ChatTalker}) and a process's CPU time
 * ({@link dev.sockets.it.harness.ProcessCpu}).
 * Used only by the {@code *IT} classes of {@code dev.sockets.it}; depends on common's test jar.
 */
package dev.sockets.it.harness;
