package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.SessionRouting;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Header persistence: the value of a request header is hashed onto the available backends ({@link
 * Rendezvous}), so the same value reaches the same backend, on every replica, while it is up. A
 * request without the header is balanced by the algorithm; nothing is added to responses.
 */
final class HeaderAffinity implements SessionAffinity {

  private final String header;
  private final Rendezvous rendezvous;

  HeaderAffinity(String header, List<BackendState> backends) {
    this.header = requireNonNull(header, "header");
    this.rendezvous = new Rendezvous(backends);
  }

  @Override
  public @Nullable String key(HttpHeaders request) {
    String value = request.get(header);
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public @Nullable BackendState target(@Nullable String key, Collection<BackendState> excluded) {
    if (key == null) {
      return null;
    }
    long hash = Rendezvous.hash(key.getBytes(StandardCharsets.UTF_8));
    return rendezvous.pick(hash, Eligibility.AVAILABLE, excluded);
  }

  @Override
  public @Nullable SessionRouting bind(
      HttpHeaders response, @Nullable String key, BackendState backend) {
    return key == null ? null : SessionRouting.STICKY;
  }

  @Override
  public Optional<Map<String, Object>> describe() {
    return Optional.of(Map.of("type", "header", "name", header));
  }
}
