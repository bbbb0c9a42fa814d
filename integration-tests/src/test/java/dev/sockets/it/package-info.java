/**
 * Process-level integration tests (failsafe {@code *IT}): our servers and clients run from their jars
 * as users run them, against clients and servers nobody here wrote (nc, socat, ii, irssi, xinetd,
 * ngIRCd), each on free loopback ports, every wait bounded and every process killed by its PID. Built
 * on {@link dev.sockets.it.harness}; nothing depends on this package.
 */
package dev.sockets.it;
