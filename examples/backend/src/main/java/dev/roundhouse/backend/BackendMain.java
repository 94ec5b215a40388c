package dev.roundhouse.backend;

import dev.roundhouse.backend.BackendOptions.UsageException;
import dev.roundhouse.backend.http.AsyncRequestLog;
import dev.roundhouse.backend.http.RequestLog;
import dev.roundhouse.backend.http.ServerState;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Entry point of the example backend: {@code java -jar roundhouse-example-backend.jar -port=9001
 * -id=1}.
 *
 * <p>Exit status: 0 after {@code -help} or a graceful stop (SIGTERM, SIGINT); 1 when the command
 * line is wrong or the port cannot be bound, with a message saying which.
 */
public final class BackendMain {

  /** How long a graceful stop waits for in-flight responses before closing them anyway. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private BackendMain() {}

  /** Runs the backend until SIGTERM or SIGINT; exits with the status described above. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    BackendOptions options;
    try {
      options = BackendOptions.parse(args);
    } catch (UsageException e) {
      err.println("roundhouse-example-backend: " + e.getMessage());
      err.println("Run with -help for the flags.");
      return 1;
    }
    if (options.help()) {
      out.print(BackendOptions.USAGE);
      return 0;
    }
    ServerState state = new ServerState(options.id());
    try (RequestLog log =
        options.quiet() ? RequestLog.disabled() : new AsyncRequestLog(options.id(), out)) {
      BackendServer server = new BackendServer(options, state, log);
      int port;
      try {
        port = server.start();
      } catch (ListenException e) {
        err.println("roundhouse-example-backend: " + e.getMessage());
        return 1;
      }
      StopSignals signals = new StopSignals().install();
      out.printf(
          "roundhouse example backend id=%s listening on %s:%d (%s, %d event loops%s)%n",
          options.id(),
          options.host(),
          port,
          server.transportName(),
          options.threads(),
          options.quiet() ? ", request log off" : "");
      out.flush();
      signals.await();
      out.println("backend " + options.id() + ": stopping, finishing in-flight requests");
      out.flush();
      server.stop(DRAIN_TIMEOUT);
    }
    out.println(
        "backend " + options.id() + ": stopped after serving " + state.served() + " requests");
    out.flush();
    return 0;
  }
}
