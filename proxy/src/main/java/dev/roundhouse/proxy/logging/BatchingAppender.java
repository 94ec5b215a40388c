package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * The access log's appender: the event loop only puts the event in a bounded queue (dropping it
 * when the queue is full, never waiting); one writer thread takes whatever has queued up, encodes
 * it and writes it with one write to the output.
 *
 * <p>Why not logback's {@code AsyncAppender} in front of an {@code OutputStreamAppender}: that pair
 * wakes its worker for each line (a thread hand-off per request, which on a busy core costs more
 * than the line itself), formats each line's message on the event loop even when the JSON format
 * leaves the message out, and flushes the output after each line (a system call per request). Here
 * the writer polls: it sleeps {@value #IDLE_MILLIS} ms when the queue is empty, so producers do not
 * signal it, and under load each wake-up writes hundreds of lines at once. A line is written at
 * most that long after its request. After about a second without a line (or with the access log
 * off) the writer parks until the next line, whose producer wakes it: an idle proxy does not wake
 * 200 times a second.
 */
final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** How long the writer sleeps when there is nothing to write. */
  static final long IDLE_MILLIS = 5;

  /** Empty polls in a row (about a second) after which the writer parks until a line comes. */
  static final int IDLE_POLLS_BEFORE_PARKING = (int) (1000 / IDLE_MILLIS);

  /** Dropped lines are reported at most this often, as one application line. */
  private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** The most lines encoded into one write. */
  private static final int BATCH = 1024;

  private final Encoder<ILoggingEvent> encoder;
  private final OutputStream out;
  private final ArrayBlockingQueue<ILoggingEvent> queue;
  private final long maxFlushMillis;
  private final LongAdder dropped = new LongAdder();
  private volatile boolean stopping;
  private volatile boolean parked;
  private Thread writer;

  /**
   * Writes what {@code encoder} makes of each event to {@code out}, queueing at most {@code
   * capacity} events, and taking up to {@code maxFlushMillis} at {@link #stop()} to write what is
   * queued.
   */
  BatchingAppender(
      Encoder<ILoggingEvent> encoder, OutputStream out, int capacity, long maxFlushMillis) {
    this.encoder = requireNonNull(encoder, "encoder");
    this.out = requireNonNull(out, "out");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxFlushMillis = maxFlushMillis;
  }

  @Override
  public void start() {
    writer = new Thread(this::writeLoop, "access-log-writer");
    writer.setDaemon(true);
    super.start();
    writer.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // The event's fields are immutable values and the encoders read neither the calling thread's
    // name (left out) nor its MDC (empty on the data path), so no deferred-processing copy is made.
    if (!queue.offer(event)) {
      dropped.increment();
    } else if (parked) { // the writer parked after an idle spell: this line wakes it
      parked = false;
      LockSupport.unpark(writer);
    }
  }

  /** Whether the writer is parked until the next line (for tests). */
  boolean writerParked() {
    return parked && writer.getState() == Thread.State.WAITING;
  }

  /** Lines dropped so far because the queue was full. */
  long dropped() {
    return dropped.sum();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(maxFlushMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      addWarn("the access log could not write everything queued within " + maxFlushMillis + " ms");
      writer.interrupt();
    }
    super.stop();
  }

  private void writeLoop() {
    List<ILoggingEvent> batch = new ArrayList<>(BATCH);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    // An application logger of this appender's context: its lines go to the synchronous
    // appender, never back into this one.
    Logger log = ((LoggerContext) getContext()).getLogger(BatchingAppender.class);
    long reportedDrops = 0;
    long reportedAt = System.nanoTime() - REPORT_EVERY_NANOS;
    int idlePolls = 0;
    while (!Thread.currentThread().isInterrupted()) {
      queue.drainTo(batch, BATCH);
      if (batch.isEmpty()) {
        if (stopping) {
          return;
        }
        if (++idlePolls < IDLE_POLLS_BEFORE_PARKING) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
        } else {
          // Announce the park, then look once more: a line queued before the announcement is
          // seen here, one queued after it finds parked set and unparks (a permit if not parked
          // yet). stop() unparks too.
          parked = true;
          if (queue.isEmpty() && !stopping) {
            LockSupport.park(this);
          }
          parked = false;
        }
        continue;
      }
      idlePolls = 0;
      for (ILoggingEvent event : batch) {
        try {
          bytes.writeBytes(encoder.encode(event));
        } catch (RuntimeException e) {
          addError("cannot encode an access log line", e);
        }
      }
      batch.clear();
      long drops = dropped.sum();
      long now = System.nanoTime();
      if (drops > reportedDrops && now - reportedAt >= REPORT_EVERY_NANOS) {
        log.warn(
            "{} access log lines were dropped: the output could not keep up (traffic was not"
                + " slowed)",
            drops - reportedDrops);
        reportedDrops = drops;
        reportedAt = now;
      }
      try {
        bytes.writeTo(out);
        out.flush();
      } catch (IOException e) {
        addError("cannot write the access log", e);
      }
      bytes.reset();
    }
  }
}
