package dev.roundhouse.proxy.config.admin;

/**
 * One config endpoint. It may block (a reload binds ports), so the admin server must call it off
 * its event loop.
 */
@FunctionalInterface
public interface ConfigAdminEndpoint {

  /** Answers {@code request}. */
  ConfigAdminResponse handle(ConfigAdminRequest request);
}
