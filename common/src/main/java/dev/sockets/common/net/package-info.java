/**
 * Addresses of the socket model: {@link dev.sockets.common.net.Endpoint} (IP address + port), parsing
 * and validation, the privileged-port rule, and the messages for bind failures. Depends on nothing
 * else in this project; everything else may depend on it.
 */
package dev.sockets.common.net;
