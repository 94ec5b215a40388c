/**
 * What the data path reports as it works: the seam between forwarding and everything that watches
 * it (metrics, the access log, passive health checks).
 */
@NullMarked
package dev.roundhouse.proxy.observe;

import org.jspecify.annotations.NullMarked;
