/**
 * The admin server on {@code metrics.port}: a small Netty HTTP server ({@link
 * dev.roundhouse.proxy.admin.AdminServer}) that dispatches through a route table ({@link
 * dev.roundhouse.proxy.admin.AdminRoutes}) to the standard endpoints ({@code /metrics}, {@code
 * /healthz}, {@code /readyz}, {@code /status}, installed by {@link
 * dev.roundhouse.proxy.admin.AdminEndpoints}) and to any others added later, such as the config
 * endpoints of {@code config.admin}. One request type, one response type, one endpoint interface;
 * the route table says which endpoints may block and so run off the event loop.
 */
@NullMarked
package dev.roundhouse.proxy.admin;

import org.jspecify.annotations.NullMarked;
