package dev.roundhouse.proxy.balance;

import dev.roundhouse.api.SessionPersistence;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.SessionRouting;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Session persistence at run time ({@link SessionPersistence}): reads a request's session key,
 * names the backend it is bound to, and binds a response's client to the backend that answered.
 * Thread-safe and immutable: one per routing table.
 */
public interface SessionAffinity {

  /** No session persistence: every request is balanced by the algorithm. */
  SessionAffinity NONE =
      new SessionAffinity() {
        @Override
        public @Nullable String key(HttpHeaders request) {
          return null;
        }

        @Override
        public @Nullable BackendState target(
            @Nullable String key, Collection<BackendState> excluded) {
          return null;
        }

        @Override
        public @Nullable SessionRouting bind(
            HttpHeaders response, @Nullable String key, BackendState backend) {
          return null;
        }

        @Override
        public Optional<Map<String, Object>> describe() {
          return Optional.empty();
        }
      };

  /** The affinity of {@code settings} (null: none) over {@code backends}. */
  static SessionAffinity of(@Nullable SessionPersistence settings, List<BackendState> backends) {
    if (settings == null) {
      return NONE;
    }
    return switch (settings.type()) {
      case COOKIE -> new CookieAffinity(settings, backends);
      case HEADER -> new HeaderAffinity(settings.name(), backends);
    };
  }

  /** The request's session key (its cookie's value or its header's), or null if it has none. */
  @Nullable String key(HttpHeaders request);

  /**
   * The backend {@code key} binds the request to, if it names one that may take it now (available
   * and not in {@code excluded}); null sends the request to the algorithm.
   */
  @Nullable BackendState target(@Nullable String key, Collection<BackendState> excluded);

  /**
   * Binds the client to {@code backend}, which answered: adds a {@code Set-Cookie} to the {@code
   * response} headers when {@code key} does not already name it.
   *
   * @return how the request was routed, for the metrics; null when it had nothing to do with
   *     session persistence
   */
  @Nullable SessionRouting bind(HttpHeaders response, @Nullable String key, BackendState backend);

  /** What {@code /status} shows of it; empty when session persistence is off. */
  Optional<Map<String, Object>> describe();
}
