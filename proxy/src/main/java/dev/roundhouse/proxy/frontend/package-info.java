/**
 * The client side: listening on the frontend ports, decoding HTTP/1.1 with limits, turning away
 * malformed, oversized and ambiguous requests before they reach a backend, and each client
 * connection's life (keep-alive, pipelining, the idle timeout, closing gracefully).
 */
@NullMarked
package dev.roundhouse.proxy.frontend;

import org.jspecify.annotations.NullMarked;
