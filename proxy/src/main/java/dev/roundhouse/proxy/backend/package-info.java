/**
 * The runtime state of each backend (health, requests in flight) shared by the data path, the
 * health checker, metrics and the admin server.
 */
@NullMarked
package dev.roundhouse.proxy.backend;

import org.jspecify.annotations.NullMarked;
