package dev.roundhouse.proxy.observe;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;

/**
 * Several observers as one: the data path reports once and each observer (metrics, the access log,
 * passive health) hears it, in the order given. Like every observer it runs on event loops, so each
 * part must not block; a part that throws would break the request it reports on, so none may.
 */
public final class TrafficObservers implements TrafficObserver {

  private final TrafficObserver[] observers;

  private TrafficObservers(List<TrafficObserver> observers) {
    this.observers = observers.toArray(TrafficObserver[]::new);
  }

  /** One observer that tells each of {@code observers}, in order. */
  public static TrafficObserver of(TrafficObserver... observers) {
    for (TrafficObserver observer : observers) {
      requireNonNull(observer, "observer");
    }
    return observers.length == 1 ? observers[0] : new TrafficObservers(List.of(observers));
  }

  @Override
  public void connectionOpened(String frontend) {
    for (TrafficObserver observer : observers) {
      observer.connectionOpened(frontend);
    }
  }

  @Override
  public void connectionClosed(String frontend) {
    for (TrafficObserver observer : observers) {
      observer.connectionClosed(frontend);
    }
  }

  @Override
  public void clientTimedOut(String frontend, SlowClientPhase phase) {
    for (TrafficObserver observer : observers) {
      observer.clientTimedOut(frontend, phase);
    }
  }

  @Override
  public void connectionRejected(String frontend, RejectionReason reason) {
    for (TrafficObserver observer : observers) {
      observer.connectionRejected(frontend, reason);
    }
  }

  @Override
  public void acceptPaused(String frontend, boolean paused) {
    for (TrafficObserver observer : observers) {
      observer.acceptPaused(frontend, paused);
    }
  }

  @Override
  public void backendResponded(BackendState backend) {
    for (TrafficObserver observer : observers) {
      observer.backendResponded(backend);
    }
  }

  @Override
  public void backendAnswered(BackendState backend, int status) {
    for (TrafficObserver observer : observers) {
      observer.backendAnswered(backend, status);
    }
  }

  @Override
  public void backendFailed(BackendState backend, FailureKind kind) {
    for (TrafficObserver observer : observers) {
      observer.backendFailed(backend, kind);
    }
  }

  @Override
  public void sessionRouted(SessionRouting routing) {
    for (TrafficObserver observer : observers) {
      observer.sessionRouted(routing);
    }
  }

  @Override
  public void retryRefused(BackendState backend) {
    for (TrafficObserver observer : observers) {
      observer.retryRefused(backend);
    }
  }

  @Override
  public void retried(BackendState backend) {
    for (TrafficObserver observer : observers) {
      observer.retried(backend);
    }
  }

  @Override
  public void upgradeAnswered(UpgradeResult result) {
    for (TrafficObserver observer : observers) {
      observer.upgradeAnswered(result);
    }
  }

  @Override
  public void exchangeCompleted(Exchange exchange) {
    for (TrafficObserver observer : observers) {
      observer.exchangeCompleted(exchange);
    }
  }
}
