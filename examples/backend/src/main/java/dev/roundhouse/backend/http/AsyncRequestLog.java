package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RequestLog} that hands each line to one writer thread through a bounded queue.
 *
 * <p>Event loops only enqueue a small record: formatting and the write to stdout happen on the
 * writer thread, which flushes whenever the queue runs empty. When the queue is full (the output
 * cannot keep up) lines are dropped and counted rather than slowing the responses down; the count
 * is reported in the next line written.
 */
public final class AsyncRequestLog implements RequestLog {

  private static final int CAPACITY = 65_536;
  private static final Entry STOP = new Entry(0, "", "", 0, 0, 0);

  private final String id;
  private final Writer out;
  private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;

  /** Starts a log of backend {@code id} writing lines to {@code out}. */
  public AsyncRequestLog(String id, OutputStream out) {
    this.id = requireNonNull(id, "id");
    this.out = new OutputStreamWriter(requireNonNull(out, "out"), StandardCharsets.UTF_8);
    this.writer = new Thread(this::drain, "request-log");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(String method, String uri, int status, long bytes, long nanos) {
    Entry entry = new Entry(System.currentTimeMillis(), method, uri, status, bytes, nanos);
    if (!queue.offer(entry)) {
      dropped.incrementAndGet();
    }
  }

  /** Writes every line queued so far and stops the writer thread. */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    List<Entry> batch = new ArrayList<>(1024);
    StringBuilder line = new StringBuilder(160);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, 1023);
        for (Entry entry : batch) {
          if (entry == STOP) {
            out.flush();
            return;
          }
          line.setLength(0);
          format(entry, line);
          out.append(line);
        }
        batch.clear();
        if (queue.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the request log", e);
    }
  }

  private void format(Entry entry, StringBuilder line) {
    line.append(Instant.ofEpochMilli(entry.epochMillis))
        .append(" backend=")
        .append(id)
        .append(' ')
        .append(entry.method)
        .append(' ')
        .append(entry.uri)
        .append(' ')
        .append(entry.status)
        .append(' ')
        .append(entry.bytes)
        .append("B ")
        .append(entry.nanos / 1_000)
        .append("us");
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      line.append(" (").append(lost).append(" earlier lines dropped: log output too slow)");
    }
    line.append('\n');
  }

  private record Entry(
      long epochMillis, String method, String uri, int status, long bytes, long nanos) {}
}
