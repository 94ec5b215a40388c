/**
 * The load-balancer configuration: one schema shared by the proxy's config file and the {@code
 * LoadBalancer} resource's spec.
 *
 * <p>{@link dev.roundhouse.api.LoadBalancerConfig} is the root. {@link
 * dev.roundhouse.api.ConfigCodec} reads it from YAML (collecting every problem with its path) and
 * writes it back; {@link dev.roundhouse.api.ConfigValidator} checks the rules a schema cannot
 * express. Everything here is immutable and free of I/O, so the operator and the proxy can share
 * it.
 */
package dev.roundhouse.api;
