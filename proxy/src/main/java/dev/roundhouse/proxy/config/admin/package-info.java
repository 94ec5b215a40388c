/**
 * The config endpoints of the admin server: {@code GET /admin/revisions} (open), {@code POST
 * /admin/reload} and {@code POST /admin/rollback[?revision=K]} (off unless an admin token is
 * configured, then bearer-token protected).
 *
 * <p>Endpoints are plain classes from a {@link
 * dev.roundhouse.proxy.config.admin.ConfigAdminRequest} to a {@link
 * dev.roundhouse.proxy.config.admin.ConfigAdminResponse}, free of Netty, so that the admin server's
 * route table calls them through a small adapter; the route table checks the method.
 */
package dev.roundhouse.proxy.config.admin;
