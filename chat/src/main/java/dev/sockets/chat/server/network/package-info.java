/** The network this server belongs to, as the wiring sees it, and its single-server null object. */
package dev.sockets.chat.server.network;
