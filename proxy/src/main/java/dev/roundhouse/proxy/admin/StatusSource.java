package dev.roundhouse.proxy.admin;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.config.ReloaderState;
import dev.roundhouse.proxy.tls.TlsStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What {@code /status} reports about the config in force; the wiring implements it. */
public interface StatusSource {

  /** The revision of the config in force (0 before one is loaded). */
  long revision();

  /** The frontends of the config in force. */
  List<Frontend> frontends();

  /** The backends of the config in force, with their run-time state. */
  List<BackendState> backends();

  /**
   * The TLS of the frontend on {@code port}: certificates in force, last refused change; null if
   * none.
   */
  default @Nullable TlsStatus tls(int port) {
    return null;
  }

  /**
   * The algorithm and balancing policies in force and their state (panic mode, session cookies...),
   * shown as {@code balancing} in {@code /status}. Must not block.
   */
  default Map<String, Object> balancing() {
    return Map.of();
  }

  /**
   * The dynamic backends (a Service, {@code resolve: all}) with their endpoints, shown as {@code
   * dynamicBackends} in {@code /status}. Must not block.
   */
  default List<Map<String, Object>> dynamicBackends() {
    return List.of();
  }

  /**
   * Where the config in force came from, whether an admin rolled back to it, and the last config
   * refused. Must not block: it is read on the admin server's event loop.
   */
  default ReloaderState reload() {
    return new ReloaderState(Optional.empty(), false, Optional.empty());
  }
}
