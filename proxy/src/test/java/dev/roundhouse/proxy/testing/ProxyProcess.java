package dev.roundhouse.proxy.testing;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.CoverageAgent;
import dev.roundhouse.backend.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The proxy as a real process: {@code java -cp <test classpath> dev.roundhouse.proxy.ProxyMain},
 * with a config file written for it, its output captured, and real signals.
 *
 * <pre>{@code
 * try (ProxyProcess proxy = ProxyProcess.builder()
 *     .config(ProxyProcess.configFor(List.of(backend.url())))
 *     .jvmArgs("-Xmx64m")
 *     .start()) {
 *   ... RawHttp.connect(proxy.port()) ...
 *   proxy.signal("HUP");
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} returns once the proxy is ready: by default when its first frontend
 * port accepts connections; {@link Builder#readyWhen} sets another test (such as {@code /readyz}
 * answering 200). If the process exits first, start fails with its output.
 */
public final class ProxyProcess implements AutoCloseable {

  private final Process process;
  private final Path configFile;
  private final LoadBalancerConfig config;
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;

  private ProxyProcess(Process process, Path configFile, LoadBalancerConfig config) {
    this.process = process;
    this.configFile = configFile;
    this.config = config;
    this.reader = new Thread(this::readOutput, "proxy-output-" + process.pid());
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** A builder for a proxy process. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A config with these backends, a frontend and the admin server on free ports, and every other
   * setting at its default.
   */
  public static LoadBalancerConfig configFor(List<String> backendUrls) {
    return new LoadBalancerConfig(
        List.of(Frontend.onPort(FreePorts.next())),
        backendUrls.stream().map(Backend::of).toList(),
        null,
        null,
        null,
        null,
        null,
        new Metrics(null, FreePorts.next()));
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** The config file the proxy was started with (null when started without one). */
  public Path configFile() {
    return configFile;
  }

  /** The config it was started with (null when started from flags only). */
  public LoadBalancerConfig config() {
    return config;
  }

  /** The first frontend port of the config. */
  public int port() {
    return requireConfig().frontends().get(0).port();
  }

  /** The admin (metrics) port of the config. */
  public int adminPort() {
    return requireConfig().metrics().port();
  }

  private LoadBalancerConfig requireConfig() {
    if (config == null) {
      throw new IllegalStateException(
          "started without a (valid) config file: its ports are not known");
    }
    return config;
  }

  /** Replaces the config file's content (for reload tests; the proxy is not told). */
  public void writeConfig(String yaml) {
    try {
      Files.writeString(configFile, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the config file's content with {@code next}. */
  public void writeConfig(LoadBalancerConfig next) {
    writeConfig(ConfigCodec.write(next));
  }

  /**
   * Replaces the config file the way editors save: writes a temporary file next to it and renames
   * it over the config, so the proxy never reads a half-written file.
   */
  public void replaceConfig(String yaml) {
    try {
      Path temp = configFile.resolveSibling(configFile.getFileName() + ".tmp");
      Files.writeString(temp, yaml, StandardCharsets.UTF_8);
      Files.move(
          temp,
          configFile,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #replaceConfig(String)} with {@code next}. */
  public void replaceConfig(LoadBalancerConfig next) {
    replaceConfig(ConfigCodec.write(next));
  }

  /** Everything the process wrote to stdout and stderr so far. */
  public String output() {
    return output.toString();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends a signal with {@code kill -s NAME} ({@code TERM}, {@code HUP}, {@code KILL}...). */
  public void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -s " + name + " " + process.pid() + " failed: " + readAll(kill.getInputStream()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for the process to exit.
   *
   * @return its exit status
   * @throws IllegalStateException if it still runs after {@code timeout}
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the proxy did not exit within " + timeout + "; output:\n" + output());
      }
      reader.join(5000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the proxy: SIGTERM, and SIGKILL if it is still running after 15 seconds. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    signal("TERM");
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
    if (configFile != null) {
      try {
        Files.deleteIfExists(configFile);
        Files.deleteIfExists(configFile.resolveSibling(configFile.getFileName() + ".tmp"));
        Files.deleteIfExists(configFile.getParent());
      } catch (IOException e) {
        // a temporary file; not worth failing a test over
      }
    }
  }

  private void readOutput() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  public static boolean accepts(int port) {
    return accepts("127.0.0.1", port);
  }

  /** Whether something accepts TCP connections on {@code host} (an IP address) and {@code port}. */
  public static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** How to start a proxy process. */
  public static final class Builder {
    private LoadBalancerConfig config;
    private String yaml;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Predicate<String> withoutEnv = name -> false;
    private Predicate<ProxyProcess> ready;
    private Duration timeout = Duration.ofSeconds(90);

    private Builder() {}

    /** The config, written to a temporary file and passed with {@code --config}. */
    public Builder config(LoadBalancerConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /**
     * A config given as YAML text, written as is (it may be invalid, for tests of rejection); its
     * parsed form, if it parses, is {@link #config()}.
     */
    public Builder configYaml(String yaml) {
      this.yaml = requireNonNull(yaml, "yaml");
      return this;
    }

    /** More command-line arguments, after {@code --config FILE} if there is one. */
    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    /** JVM options, e.g. {@code -Xmx64m}. */
    public Builder jvmArgs(String... more) {
      jvmArgs.addAll(List.of(more));
      return this;
    }

    /** An environment variable of the process. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /**
     * Leaves out the inherited environment variables whose names match (e.g. {@code KUBERNETES*},
     * so that only the test's own Kubernetes settings count); {@link #env} still adds.
     */
    public Builder withoutEnv(Predicate<String> names) {
      this.withoutEnv = requireNonNull(names, "names");
      return this;
    }

    /** What "ready" means; default: the first frontend port accepts connections. */
    public Builder readyWhen(Predicate<ProxyProcess> ready) {
      this.ready = requireNonNull(ready, "ready");
      return this;
    }

    /** How long to wait for readiness (default 90 s: a busy shared machine starts JVMs slowly). */
    public Builder readyTimeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Starts the process and waits until it is ready.
     *
     * @throws IllegalStateException if it exits or is not ready in time, with its output
     */
    public ProxyProcess start() {
      ProxyProcess proxy = launch();
      Predicate<ProxyProcess> check = ready != null ? ready : p -> accepts(p.port());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!check.test(proxy)) {
        if (!proxy.isAlive()) {
          int exit = proxy.awaitExit(Duration.ofSeconds(5));
          throw new IllegalStateException(
              "the proxy exited with status "
                  + exit
                  + " before it was ready; output:\n"
                  + proxy.output());
        }
        if (System.nanoTime() > deadline) {
          proxy.close();
          throw new IllegalStateException(
              "the proxy was not ready within " + timeout + "; output:\n" + proxy.output());
        }
        try {
          Thread.sleep(50); // polling an external process; there is nothing to await on
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          proxy.close();
          throw new IllegalStateException(e);
        }
      }
      return proxy;
    }

    /** Starts the process without waiting (for tests of startup failures). */
    public ProxyProcess launch() {
      try {
        Path file = null;
        LoadBalancerConfig parsed = config;
        if (config != null || yaml != null) {
          // A directory of its own: the proxy watches the file's directory.
          file = Files.createTempDirectory("roundhouse-proxy-").resolve("config.yaml");
          Files.writeString(file, yaml != null ? yaml : ConfigCodec.write(config));
          if (parsed == null) {
            parsed = tryParse(yaml);
          }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // No logback flag: the proxy configures its logging in code (LoggingSetup) at once, so the
        // tests' logback-test.xml on the same classpath does not matter.
        command.addAll(CoverageAgent.jvmOptions());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("dev.roundhouse.proxy.ProxyMain");
        if (file != null) {
          command.add("--config");
          command.add(file.toString());
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(withoutEnv);
        builder.environment().putAll(env);
        return new ProxyProcess(builder.start(), file, parsed);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the proxy", e);
      }
    }

    private static LoadBalancerConfig tryParse(String yaml) {
      try {
        return ConfigCodec.read(yaml);
      } catch (Exception e) {
        return null;
      }
    }
  }
}
