/**
 * Dynamic backends: a backend that names a Kubernetes Service or asks for {@code resolve: all}
 * stands for a changing set of endpoints. An {@link dev.roundhouse.proxy.discovery.EndpointSource}
 * per such backend publishes its current set; {@link
 * dev.roundhouse.proxy.discovery.DynamicBackends} expands the config's backends into concrete ones
 * from those sets, and tells the proxy when a set changed, so it derives its routing table again
 * (endpoints that stay keep their state; those that leave drain) without a config reload.
 */
@NullMarked
package dev.roundhouse.proxy.discovery;

import org.jspecify.annotations.NullMarked;
