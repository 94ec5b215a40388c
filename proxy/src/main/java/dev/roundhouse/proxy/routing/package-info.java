/**
 * The live routing state: one immutable {@link dev.roundhouse.proxy.routing.RoutingTable}
 * (backends, balancer, timeouts, retries) that every request reads once, held by {@link
 * dev.roundhouse.proxy.routing.RoutingTableHolder}, which swaps it atomically when the config
 * changes.
 */
@NullMarked
package dev.roundhouse.proxy.routing;

import org.jspecify.annotations.NullMarked;
