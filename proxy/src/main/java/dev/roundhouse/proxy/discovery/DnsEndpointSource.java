package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resolve: all}: every address a host name resolves to, looked up again every interval on a
 * timer thread (a lookup blocks; never on an event loop).
 *
 * <p>Lookups go through the JDK resolver, so /etc/hosts, search domains and Docker's embedded DNS
 * apply; its cache is kept short by {@link JdkDnsCache}. When a lookup fails the last set stays (as
 * Envoy's strict DNS does): a resolver that stumbles once must not empty a backend; endpoints that
 * are really gone are taken out by the health checks.
 */
public final class DnsEndpointSource implements EndpointSource {

  private static final Logger log = LoggerFactory.getLogger(DnsEndpointSource.class);

  /** A blocking lookup of a host name's addresses. */
  @FunctionalInterface
  public interface Lookup {
    /** Every address of {@code host}. */
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  private final String host;
  private final int port;
  private final Duration interval;
  private final ScheduledExecutorService timer;
  private final Lookup lookup;
  private volatile List<Endpoint> endpoints = List.of();
  private @Nullable ScheduledFuture<?> task;
  private @Nullable Runnable changed;
  private boolean failing;
  private volatile boolean closed;

  /**
   * Resolves {@code host} every {@code interval} on {@code timer}, each address on {@code port}.
   */
  public DnsEndpointSource(
      String host, int port, Duration interval, ScheduledExecutorService timer, Lookup lookup) {
    this.host = requireNonNull(host, "host");
    this.port = port;
    this.interval = requireNonNull(interval, "interval");
    this.timer = requireNonNull(timer, "timer");
    this.lookup = requireNonNull(lookup, "lookup");
  }

  @Override
  public synchronized void start(Runnable changed) {
    this.changed = requireNonNull(changed, "changed");
    resolve(false);
    long millis = Math.max(1, interval.toMillis());
    task = timer.scheduleWithFixedDelay(() -> resolve(true), millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Looks the name up once; announces a changed set when {@code announce}. */
  private void resolve(boolean announce) {
    List<Endpoint> found;
    try {
      found =
          Arrays.stream(lookup.lookup(host))
              .map(InetAddress::getHostAddress)
              .distinct()
              .sorted()
              .map(address -> Endpoint.ready(address, port))
              .toList();
    } catch (UnknownHostException | RuntimeException e) {
      synchronized (this) {
        if (!failing) {
          failing = true;
          log.warn(
              "resolving {} failed ({}); keeping its {} known addresses until it resolves again",
              host,
              e.toString(),
              endpoints.size());
        }
      }
      return;
    }
    Runnable announceTo;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (failing) {
        failing = false;
        log.info("{} resolves again", host);
      }
      if (found.equals(endpoints)) {
        return;
      }
      endpoints = found;
      announceTo = announce ? changed : null;
    }
    if (announceTo != null) {
      announceTo.run();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (task != null) {
      task.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "resolve: all of " + host + " every " + interval;
  }
}
