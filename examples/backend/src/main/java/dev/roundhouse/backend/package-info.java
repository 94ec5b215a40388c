/**
 * The example backend: a small, fast HTTP server used in demos, docker-compose, the proxy's
 * integration tests and the benchmark.
 *
 * <p>{@link dev.roundhouse.backend.BackendMain} reads the command line ({@link
 * dev.roundhouse.backend.BackendOptions}), starts a {@link dev.roundhouse.backend.BackendServer}
 * and stops it gracefully on SIGTERM. What it answers is described in {@code docs/backend.md}.
 */
package dev.roundhouse.backend;
