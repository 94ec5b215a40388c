/**
 * The Roundhouse proxy: a Netty HTTP/1.1 reverse proxy that load-balances over the backends of a
 * {@link dev.roundhouse.api.LoadBalancerConfig}, from a file or a Kubernetes ConfigMap.
 */
@NullMarked
package dev.roundhouse.proxy;

import org.jspecify.annotations.NullMarked;
