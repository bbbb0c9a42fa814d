/**
 * The echo client: {@link dev.sockets.echo.client.ClientCommand} is {@code echo client}, with a line
 * mode that relays standard input to the server and prints the echo ({@link
 * dev.sockets.echo.client.StreamSession} for TCP, {@link dev.sockets.echo.client.DatagramSession} for
 * UDP) and an echoping-like measurement mode ({@link dev.sockets.echo.client.Measurement} over a
 * {@link dev.sockets.echo.client.Probe}). {@link dev.sockets.echo.client.Payload} is the verifiable byte
 * pattern, shared with the load generator. Depends only on {@code common}; the load package uses
 * {@code Payload}.
 */
package dev.sockets.echo.client;
