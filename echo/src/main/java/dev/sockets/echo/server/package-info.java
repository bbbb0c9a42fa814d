/**
 * The echo server: {@link dev.sockets.echo.server.EchoHandler} copies a TCP connection's input to its
 * output, {@link dev.sockets.echo.server.EchoDatagramHandler} answers each datagram with its own bytes,
 * {@link dev.sockets.echo.server.EchoServer} puts them on {@code common}'s {@code Server}, and
 * {@link dev.sockets.echo.server.ServerCommand} is {@code echo server}. Depends only on {@code common};
 * nothing else in the echo module depends on it.
 */
package dev.sockets.echo.server;
