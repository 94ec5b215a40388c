/**
 * Forwarding one request: pick a backend, connect (with retries), rewrite the headers, stream the
 * request body to the backend and the response back to the client, both with backpressure, and turn
 * every failure into the status of {@link dev.roundhouse.proxy.observe.FailureKind} or a closed
 * connection.
 *
 * <p>Everything for one request runs on the event loop of its client connection; the backend
 * connection is opened on, or taken from the pool of, that same loop. So the state of an {@link
 * dev.roundhouse.proxy.forward.ProxyExchange} needs no locks.
 */
@NullMarked
package dev.roundhouse.proxy.forward;

import org.jspecify.annotations.NullMarked;
