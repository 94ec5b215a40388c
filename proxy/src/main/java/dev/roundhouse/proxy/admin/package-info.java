/**
 * The admin server on {@code metrics.port}: a small Netty HTTP server ({@link
 * dev.roundhouse.proxy.admin.AdminServer}) that dispatches through a route table ({@link
 * dev.roundhouse.proxy.admin.AdminRoutes}) to the standard endpoints ({@code /metrics}, {@code
 * /healthz}, {@code /readyz}, {@code /status}, installed by {@link
 * dev.roundhouse.proxy.admin.AdminEndpoints}) and to any others added later.
 */
package dev.roundhouse.proxy.admin;
