package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Makes the endpoint source of a dynamic backend: DNS lookups for {@code resolve: all}. Owns the
 * timer thread the lookups run on.
 */
public final class EndpointSources implements Function<Backend, EndpointSource>, AutoCloseable {

  private final ScheduledExecutorService timer;
  private final DnsEndpointSource.Lookup lookup;

  /** Sources resolving names with the JDK resolver. */
  public EndpointSources() {
    this(InetAddress::getAllByName);
  }

  /** Sources resolving names with {@code lookup}. */
  public EndpointSources(DnsEndpointSource.Lookup lookup) {
    this.lookup = requireNonNull(lookup, "lookup");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "endpoint-resolver");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public EndpointSource apply(Backend backend) {
    if (backend.service() != null) {
      throw new IllegalArgumentException(
          "service backend " + backend.service() + ": EndpointSlices are not followed yet");
    }
    return new DnsEndpointSource(
        backend.host(), backend.port(), backend.effectiveResolveInterval(), timer, lookup);
  }

  /** Stops the timer: no lookup runs after this. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
