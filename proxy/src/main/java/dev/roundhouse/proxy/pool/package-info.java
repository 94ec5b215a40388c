/**
 * Connections to the backends: opened on the event loop of the client connection that needs them,
 * kept alive between requests in a pool per event loop (so taking and returning one needs no lock),
 * checked when taken, and closed when they sit idle too long or the backend closes them.
 */
@NullMarked
package dev.roundhouse.proxy.pool;

import org.jspecify.annotations.NullMarked;
