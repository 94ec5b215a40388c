package dev.roundhouse.proxy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which event loops and sockets the proxy runs on ({@code --transport}). Linux's io_uring submits a
 * loop iteration's reads and writes in one system call, where epoll makes one per read and one per
 * write. It runs only when named: on a quiet machine it measured level with epoll with keep-alive
 * and slower with a new connection per request (docs/bench.md, "io_uring's hang, found and fixed"),
 * so nothing it gains pays for the shorter mileage of Netty's io_uring transport. Container
 * runtimes' default seccomp profiles and some kernels refuse it.
 */
public enum TransportKind {
  /** epoll where its library loads, else NIO. Never io_uring: that one is named. */
  AUTO("auto"),
  /** io_uring, or the proxy does not start. */
  IO_URING("io_uring"),
  /** epoll, or the proxy does not start. */
  EPOLL("epoll"),
  /** Java NIO: every platform. */
  NIO("nio");

  private final String flagValue;

  TransportKind(String flagValue) {
    this.flagValue = flagValue;
  }

  /** The name {@code --transport} takes, and the startup line shows. */
  public String flagValue() {
    return flagValue;
  }

  /** The kind {@code --transport value} names. */
  public static Optional<TransportKind> named(String value) {
    return Arrays.stream(values()).filter(kind -> kind.flagValue.equals(value)).findFirst();
  }

  /** Every {@link #flagValue}, for a usage message. */
  public static String choices() {
    return Arrays.stream(values()).map(TransportKind::flagValue).collect(Collectors.joining(", "));
  }

  /**
   * Why this kind cannot run here (the native library did not load, or the kernel refused), or null
   * if it can. {@link #AUTO} and {@link #NIO} always can.
   */
  public @Nullable String unavailability() {
    return switch (this) {
      case IO_URING -> IoUring.isAvailable() ? null : reason(IoUring.unavailabilityCause());
      case EPOLL -> Epoll.isAvailable() ? null : reason(Epoll.unavailabilityCause());
      case AUTO, NIO -> null;
    };
  }

  private static String reason(@Nullable Throwable cause) {
    if (cause == null) {
      return "unknown reason";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause ? String.valueOf(cause) : cause + " (" + root + ")";
  }
}
