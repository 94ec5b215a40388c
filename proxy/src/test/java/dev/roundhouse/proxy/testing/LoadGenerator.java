package dev.roundhouse.proxy.testing;

import dev.roundhouse.backend.testing.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A bounded load for tests: a number of keep-alive connections, each sending {@code GET path} one
 * request after the other, until stopped or for at most a given time. Every outcome is kept.
 *
 * <p>A connection the server closes after a response ({@code Connection: close}) is opened again. A
 * connection that ends before any byte of a response came back is a request the server never took
 * (an idle keep-alive connection closed as the request was sent: the client may send it again, RFC
 * 9112 section 9.3.1); it is recorded as {@link Kind#UNANSWERED}, and the connection is opened
 * again. A refused connection ends that connection's load ({@link Kind#REFUSED}). Anything else
 * that goes wrong is a failure.
 */
public final class LoadGenerator implements AutoCloseable {

  /** How a request ended. */
  public enum Kind {
    /** A complete response. */
    RESPONSE,
    /** The connection closed before any of a response came: the server never took the request. */
    UNANSWERED,
    /** A new connection was refused. */
    REFUSED,
    /** A broken response (cut short) or another error. */
    ERROR
  }

  /**
   * One request.
   *
   * @param connection which connection sent it (0 to connections - 1)
   * @param sentNanos when it was sent ({@link System#nanoTime()})
   * @param kind how it ended
   * @param status the status, 0 without a response
   * @param backend the {@code X-Backend-Id} of the response, or null
   * @param detail what went wrong, or null
   */
  public record Result(
      int connection, long sentNanos, Kind kind, int status, String backend, String detail) {

    /** Whether this is a complete response with status 200. */
    public boolean ok() {
      return kind == Kind.RESPONSE && status == 200;
    }
  }

  private final int port;
  private final String path;
  private final long deadline;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private LoadGenerator(int port, String path, Duration limit) {
    this.port = port;
    this.path = path;
    this.deadline = System.nanoTime() + limit.toNanos();
  }

  /**
   * Starts {@code connections} connections to 127.0.0.1:{@code port} sending {@code GET path}, for
   * at most {@code limit}.
   */
  public static LoadGenerator start(int port, int connections, String path, Duration limit) {
    LoadGenerator load = new LoadGenerator(port, path, limit);
    for (int i = 0; i < connections; i++) {
      int connection = i;
      Thread thread = new Thread(() -> load.run(connection), "load-" + port + "-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void run(int connection) {
    RawHttp client = null;
    try {
      while (running.get() && System.nanoTime() < deadline) {
        if (client == null) {
          try {
            client = RawHttp.connect(port);
          } catch (ConnectException e) {
            results.add(new Result(connection, System.nanoTime(), Kind.REFUSED, 0, null, "" + e));
            return;
          }
        }
        long sent = System.nanoTime();
        Result result;
        try {
          RawHttp.Response response = client.get(path);
          result =
              response.truncated()
                  ? new Result(connection, sent, Kind.ERROR, response.status(), null, "cut short")
                  : new Result(
                      connection,
                      sent,
                      Kind.RESPONSE,
                      response.status(),
                      response.header("X-Backend-Id"),
                      null);
          if ("close".equalsIgnoreCase(response.header("Connection"))) {
            client = close(client);
          }
        } catch (IOException | RuntimeException e) {
          boolean unanswered = "connection closed before a response".equals(e.getMessage());
          result =
              new Result(
                  connection, sent, unanswered ? Kind.UNANSWERED : Kind.ERROR, 0, null, "" + e);
          client = close(client);
        }
        results.add(result);
      }
    } catch (IOException e) {
      results.add(new Result(connection, System.nanoTime(), Kind.ERROR, 0, null, "" + e));
    } finally {
      close(client);
    }
  }

  private static RawHttp close(RawHttp client) {
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        // closing a socket the test is done with
      }
    }
    return null;
  }

  /** Every outcome so far. */
  public List<Result> results() {
    return List.copyOf(results);
  }

  /** The outcomes so far that match {@code which}. */
  public List<Result> results(Predicate<Result> which) {
    return results.stream().filter(which).toList();
  }

  /** Responses that are not a complete 200, and errors: what must not happen. */
  public List<Result> failures() {
    return results(r -> r.kind() == Kind.ERROR || r.kind() == Kind.RESPONSE && r.status() != 200);
  }

  /** How many complete 200 responses came. */
  public long ok() {
    return results.stream().filter(Result::ok).count();
  }

  /**
   * Whether every connection has had a 200 from one of {@code backends} for a request sent after
   * {@code sinceNanos}.
   */
  public boolean everyConnectionServedBy(Set<String> backends, long sinceNanos) {
    boolean[] served = new boolean[threads.size()];
    for (Result result : results) {
      if (result.ok() && result.sentNanos() >= sinceNanos && backends.contains(result.backend())) {
        served[result.connection()] = true;
      }
    }
    for (boolean s : served) {
      if (!s) {
        return false;
      }
    }
    return true;
  }

  /** Whether every connection's load has ended (stopped, timed out, or refused). */
  public boolean finished() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /** Stops the load and waits for the requests in flight. */
  public void stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
