/**
 * The two time-of-day protocols without any command line: how a daytime line is written and read
 * back ({@link dev.sockets.daytime.protocol.DaytimeFormat}, {@link dev.sockets.daytime.protocol.DaytimeParser}),
 * the RFC 868 32-bit timestamp and its eras ({@link dev.sockets.daytime.protocol.Rfc868}), the server
 * side shared by both ({@link dev.sockets.daytime.protocol.TimeOfDayService}: one reply per connection or
 * datagram) and the client side ({@link dev.sockets.daytime.protocol.TimeOfDayClient},
 * {@link dev.sockets.daytime.protocol.ClockOffset}). Depends on {@code dev.sockets.common} only; the
 * commands in {@code dev.sockets.daytime} depend on it.
 */
package dev.sockets.daytime.protocol;
