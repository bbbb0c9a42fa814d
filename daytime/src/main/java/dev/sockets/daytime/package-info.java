/**
 * The {@code daytime} and {@code time} command lines: {@link dev.sockets.daytime.DaytimeMain} and its
 * {@code server} and {@code client} subcommands, which parse options and print results around the
 * protocol code in {@code dev.sockets.daytime.protocol}. Depends on that package and on
 * {@code dev.sockets.common}; nothing depends on it.
 */
package dev.sockets.daytime;
