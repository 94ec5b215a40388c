/**
 * The config endpoints of the admin server: {@code GET /admin/revisions} (open), {@code POST
 * /admin/reload} and {@code POST /admin/rollback[?revision=K]} (off unless an admin token is
 * configured, then bearer-token protected).
 *
 * <p>They are {@link dev.roundhouse.proxy.admin.AdminEndpoint}s like every other admin endpoint,
 * installed as blocking routes by {@link dev.roundhouse.proxy.config.admin.ConfigAdminEndpoints}.
 */
@NullMarked
package dev.roundhouse.proxy.config.admin;

import org.jspecify.annotations.NullMarked;
