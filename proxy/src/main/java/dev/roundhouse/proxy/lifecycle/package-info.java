/**
 * The running proxy's life around the data path: putting each accepted config in force without
 * dropping a request ({@link dev.roundhouse.proxy.lifecycle.HitlessConfigApplier}, from a {@link
 * dev.roundhouse.proxy.lifecycle.ConfigDiff}), readiness and status for the admin server, and the
 * graceful shutdown on SIGTERM or SIGINT.
 */
@NullMarked
package dev.roundhouse.proxy.lifecycle;

import org.jspecify.annotations.NullMarked;
