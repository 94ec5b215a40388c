package dev.roundhouse.proxy.testing;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.observe.UpgradeResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link TrafficObserver} that remembers everything it is told, for assertions. */
public final class RecordingObserver implements TrafficObserver {

  /** A backend event: which backend, and the failure kind for failures (null otherwise). */
  public record BackendEvent(String type, String backend, FailureKind kind) {}

  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<BackendEvent> backendEvents = new CopyOnWriteArrayList<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final List<UpgradeResult> upgrades = new CopyOnWriteArrayList<>();

  @Override
  public void connectionOpened(String frontend) {
    opened.incrementAndGet();
  }

  @Override
  public void connectionClosed(String frontend) {
    closed.incrementAndGet();
  }

  @Override
  public void backendResponded(BackendState backend) {
    backendEvents.add(new BackendEvent("responded", backend.address(), null));
  }

  @Override
  public void backendFailed(BackendState backend, FailureKind kind) {
    backendEvents.add(new BackendEvent("failed", backend.address(), kind));
  }

  @Override
  public void retried(BackendState backend) {
    backendEvents.add(new BackendEvent("retried", backend.address(), null));
  }

  @Override
  public void upgradeAnswered(UpgradeResult result) {
    upgrades.add(result);
  }

  @Override
  public void exchangeCompleted(Exchange exchange) {
    exchanges.add(exchange);
  }

  /** Finished exchanges, in order. */
  public List<Exchange> exchanges() {
    return exchanges;
  }

  /** How upgrade requests were answered, in order. */
  public List<UpgradeResult> upgrades() {
    return upgrades;
  }

  /** Backend events, in order. */
  public List<BackendEvent> backendEvents() {
    return backendEvents;
  }

  /** Client connections opened. */
  public int opened() {
    return opened.get();
  }

  /** Client connections closed. */
  public int closed() {
    return closed.get();
  }
}
