package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands items to a consumer on one thread of its own, keeping only the newest item that waits: a
 * burst of config changes while a reload runs collapses into one more reload, of the latest
 * content.
 */
final class LatestOnlyExecutor<T> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LatestOnlyExecutor.class);

  private final Consumer<T> consumer;
  private final AtomicReference<T> waiting = new AtomicReference<>();
  private final ExecutorService thread;
  private volatile boolean closed;

  LatestOnlyExecutor(String threadName, Consumer<T> consumer) {
    this.consumer = requireNonNull(consumer, "consumer");
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues {@code item}, replacing any item that has not been taken yet. */
  void offer(T item) {
    requireNonNull(item, "item");
    // Only the offer that finds the slot empty schedules a run; later ones just replace the item.
    if (waiting.getAndSet(item) == null) {
      try {
        thread.execute(this::runLatest);
      } catch (RejectedExecutionException closed) {
        waiting.set(null);
      }
    }
  }

  private void runLatest() {
    T item = waiting.getAndSet(null);
    if (item == null || closed) {
      return;
    }
    try {
      consumer.accept(item);
    } catch (RuntimeException e) {
      log.error("config reload failed unexpectedly; the running config stays", e);
    }
  }

  @Override
  public void close() {
    // A reload that runs finishes (an applier cut off half-way would leave a half-swapped proxy);
    // one that waits is dropped.
    closed = true;
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
