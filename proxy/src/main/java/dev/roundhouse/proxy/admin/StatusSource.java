package dev.roundhouse.proxy.admin;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;

/** What {@code /status} reports about the config in force; the wiring implements it. */
public interface StatusSource {

  /** The revision of the config in force (0 before one is loaded). */
  long revision();

  /** The frontends of the config in force. */
  List<Frontend> frontends();

  /** The backends of the config in force, with their run-time state. */
  List<BackendState> backends();
}
