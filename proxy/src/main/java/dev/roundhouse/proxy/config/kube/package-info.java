/**
 * The {@code --configmap NAME} source: watches the proxy's ConfigMap through the Kubernetes API
 * with a single-object fabric8 informer, takes the config from its {@code config.yaml} key and the
 * revision from its {@code roundhouse.dev/revision} annotation, and rides out API outages.
 */
@NullMarked
package dev.roundhouse.proxy.config.kube;

import org.jspecify.annotations.NullMarked;
