/**
 * TLS for servers: {@link dev.sockets.common.tls.TlsMaterial} loads or generates a certificate and key
 * and builds a TLS 1.2+ server context. Depends on nothing else in this project; servers that offer TLS
 * (chat) use it.
 */
package dev.sockets.common.tls;
