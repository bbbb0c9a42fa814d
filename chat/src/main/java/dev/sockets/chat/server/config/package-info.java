/** The settings of one chat server. */
package dev.sockets.chat.server.config;
