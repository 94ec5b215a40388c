/**
 * The load-balancing algorithms: given the backends of the running config, choose the one the next
 * request goes to. Every algorithm skips backends that are not {@link
 * dev.roundhouse.proxy.backend.BackendState#available() available} and those a request has already
 * tried, and answers {@code null} when none is left.
 */
@NullMarked
package dev.roundhouse.proxy.balance;

import org.jspecify.annotations.NullMarked;
