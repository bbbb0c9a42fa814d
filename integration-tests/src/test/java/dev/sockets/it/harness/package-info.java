/**
 * The integration-test harness: external processes with collected output and bounded waits
 * ({@link dev.sockets.it.harness.ExternalProcess}), our servers run from their jars
 * ({@link dev.sockets.it.harness.OurServer}, {@link dev.sockets.it.harness.Suite}), free loopback ports,
 * required Debian tools, the peer servers xinetd and ngIRCd from private configs, and a raw IRC peer.
 * Used only by the {@code *IT} classes of {@code dev.sockets.it}; depends on common's test jar.
 */
package dev.sockets.it.harness;
