/**
 * The echo load generator, {@code echo load}: {@link dev.sockets.echo.load.LoadCommand} runs a
 * {@link dev.sockets.echo.load.LoadPlan} with {@link dev.sockets.echo.load.TcpLoad} (connections, each
 * with a window of messages in flight) or {@link dev.sockets.echo.load.UdpLoad} (sockets, each with a
 * window of datagrams in flight), paced by a shared {@link dev.sockets.echo.load.Pacer}, and reports
 * the {@link dev.sockets.echo.load.LoadTally}. Depends on {@code common} and on
 * {@code dev.sockets.echo.client.Payload}; nothing depends on it.
 */
package dev.sockets.echo.load;
