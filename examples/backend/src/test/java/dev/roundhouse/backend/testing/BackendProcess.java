package dev.roundhouse.backend.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An example backend running as a real child JVM on 127.0.0.1, for integration tests.
 *
 * <pre>{@code
 * try (BackendProcess backend = BackendProcess.start(1)) {
 *   // send requests to backend.url() + "/", or through a proxy configured with backend.url()
 *   assertThat(backend.requestCount()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>The backend is started with {@code java -Xmx64m -cp <backend classes + Netty>
 * dev.roundhouse.backend.BackendMain -port=P -id=N -quiet} on a free port, and {@link #start}
 * returns once {@code /health} answers. Its output (stdout and stderr, appended across restarts)
 * goes to {@code target/backend-logs/backend-<id>-<port>.log}; pass {@code -quiet=false} in the
 * extra arguments to get one line per request there.
 *
 * <p>Every method that talks to the process throws unchecked exceptions, so tests stay short.
 */
public final class BackendProcess implements AutoCloseable {

  /** How long a start may take before it counts as failed. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@link #stop()} waits for a graceful exit (the backend drains for up to 30 s). */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

  private static final int PORT_ATTEMPTS = 5;
  private static final Pattern REQUESTS = Pattern.compile("\"requests\":(\\d+)");
  private static final Path LOG_DIR =
      Path.of(System.getProperty("roundhouse.backend.logDir", "target/backend-logs"));

  private final int id;
  private final int port;
  private final List<String> extraArgs;
  private final Path logFile;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private Process process;
  private long logOffset;

  private BackendProcess(int id, int port, List<String> extraArgs) {
    this.id = id;
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.logFile = LOG_DIR.resolve("backend-" + id + "-" + port + ".log").toAbsolutePath();
  }

  /** Starts backend {@code id} on a free port and waits until it is healthy. */
  public static BackendProcess start(int id) {
    return start(id, List.of());
  }

  /**
   * Starts backend {@code id} with extra command-line flags (after {@code -quiet}, so {@code
   * -quiet=false} turns the request log back on).
   */
  public static BackendProcess start(int id, List<String> extraArgs) {
    PortTakenException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      BackendProcess backend = new BackendProcess(id, FreePorts.next(), extraArgs);
      try {
        backend.launch();
        return backend;
      } catch (PortTakenException e) {
        last = e; // another process took the port between our probe and the backend's bind
      }
    }
    throw new IllegalStateException(
        "backend " + id + " could not bind a free port in " + PORT_ATTEMPTS + " attempts", last);
  }

  /** The port the backend listens on (kept across {@link #restart()}). */
  public int port() {
    return port;
  }

  /** The backend's base URL, {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The backend's id, as in its {@code X-Backend-Id} header. */
  public int id() {
    return id;
  }

  /** The file that holds the process's output. */
  public Path logFile() {
    return logFile;
  }

  /** Whether the process is running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The process id, for tests that send signals of their own. */
  public long pid() {
    return process.pid();
  }

  /**
   * Requests served since the process started, not counting /health and /admin/* (from
   * /admin/stats).
   */
  public long requestCount() {
    String body = get("/admin/stats").body();
    Matcher matcher = REQUESTS.matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException("backend " + id + ": unexpected /admin/stats body: " + body);
    }
    return Long.parseLong(matcher.group(1));
  }

  /** Makes {@code /health} answer 200 (true) or 503 (false). */
  public void setHealthy(boolean healthy) {
    HttpResponse<String> response = get("/admin/health?status=" + (healthy ? "up" : "down"));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "backend " + id + ": /admin/health answered " + response.statusCode());
    }
  }

  /**
   * Stops the backend gracefully with SIGTERM and waits for it to exit.
   *
   * @return the exit status (0 after a graceful stop)
   */
  public int stop() {
    if (process == null) {
      throw new IllegalStateException("backend " + id + " was never started");
    }
    process.destroy(); // SIGTERM on Linux and macOS
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            "backend " + id + " did not stop within " + STOP_TIMEOUT + " of SIGTERM; killed it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping backend " + id, e);
    }
    return process.exitValue();
  }

  /** Kills the backend at once with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing backend " + id, e);
    }
  }

  /**
   * Stops the backend if it runs, then starts it again on the same port and waits until healthy.
   */
  public void restart() {
    if (isAlive()) {
      stop();
    }
    try {
      launch();
    } catch (PortTakenException e) {
      throw new IllegalStateException(
          "backend " + id + " cannot restart: port " + port + " was taken meanwhile", e);
    }
  }

  /** Stops the backend (gracefully, falling back to SIGKILL). */
  @Override
  public void close() {
    if (isAlive()) {
      stop();
    }
  }

  @Override
  public String toString() {
    return "backend " + id + " at " + url();
  }

  private HttpResponse<String> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("backend " + id + ": GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + path, e);
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CoverageAgent.jvmOptions());
    command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp"));
    command.add(LaunchClasspath.resolve());
    command.add("dev.roundhouse.backend.BackendMain");
    command.addAll(List.of("-host=127.0.0.1", "-port=" + port, "-id=" + id, "-quiet"));
    command.addAll(extraArgs);
    try {
      Files.createDirectories(logFile.getParent());
      logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
      Files.writeString(
          logFile,
          "=== " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start backend " + id, e);
    }
    awaitHealthy();
  }

  /** Polls /health until it answers (200 or 503: both mean the server is up), or gives up. */
  private void awaitHealthy() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(url() + "/health"))
            .timeout(Duration.ofSeconds(1))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String output = output();
        if (output.contains("already in use")) {
          throw new PortTakenException(output);
        }
        throw new IllegalStateException(
            "backend " + id + " exited with " + process.exitValue() + " during start:\n" + output);
      }
      try {
        http.send(health, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        pause(); // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting backend " + id, e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "backend " + id + " did not answer /health within " + START_TIMEOUT + ":\n" + output());
  }

  private static void pause() {
    try {
      Thread.sleep(25);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a backend", e);
    }
  }

  /** What this launch of the process has written so far. */
  private String output() {
    try {
      byte[] all = Files.readAllBytes(logFile);
      int from = (int) Math.min(logOffset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** The backend exited because its port was taken. */
  private static final class PortTakenException extends RuntimeException {
    PortTakenException(String output) {
      super(output);
    }
  }
}
