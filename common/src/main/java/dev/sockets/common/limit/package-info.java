/**
 * Rate limits shared by every layer: one {@link dev.sockets.common.limit.TokenBucket} and a bounded table
 * of them per source address. Depends on nothing else in {@code common}.
 */
package dev.sockets.common.limit;
