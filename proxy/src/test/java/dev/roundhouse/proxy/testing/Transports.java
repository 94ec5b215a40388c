package dev.roundhouse.proxy.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.roundhouse.proxy.TransportKind;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests that run on each transport: the proxy's default picks one, and the others need a test. */
public final class Transports {

  private Transports() {}

  /**
   * A test run once on each transport the proxy can be told to run on (io_uring, epoll, NIO), given
   * as its {@link TransportKind} parameter; it starts with {@link #assumeRunsHere}.
   */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = TransportKind.class,
      names = {"IO_URING", "EPOLL", "NIO"})
  public @interface Each {}

  /**
   * Skips the test, saying why, if {@code kind} cannot run on this machine (no Linux, or a kernel
   * or seccomp profile that refuses io_uring): a skip, not a pass.
   */
  public static void assumeRunsHere(TransportKind kind) {
    String unavailable = kind.unavailability();
    assumeTrue(unavailable == null, () -> kind.flagValue() + " cannot run here: " + unavailable);
  }
}
