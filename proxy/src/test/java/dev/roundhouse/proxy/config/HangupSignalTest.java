package dev.roundhouse.proxy.config;

import static dev.roundhouse.proxy.config.Configs.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.roundhouse.proxy.config.ReloadOutcome.Result;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/**
 * The SIGHUP handler's callback. A real SIGHUP is sent to a real proxy process in the reload ITs;
 * here it would hit the test JVM.
 */
class HangupSignalTest {

  @Test
  void theHandlerReloadsTheConfig() {
    TestSource source = new TestSource(yaml(8080, 9001));
    RecordingApplier applier = new RecordingApplier();
    List<ReloadOutcome> heard = new CopyOnWriteArrayList<>();
    try (ConfigReloader reloader =
        new ConfigReloader(
            source,
            applier,
            heard::add,
            new ConfigRevisionHistory(10),
            UnaryOperator.identity(),
            Clock.systemUTC())) {
      reloader.reloadNow();
      source.set(yaml(8080, 9002));

      HangupSignal.handler(reloader::reloadNow).handle(new Signal("HUP"));

      assertThat(applier.numbers()).containsExactly(1L, 2L);
      assertThat(heard)
          .extracting(ReloadOutcome::result)
          .containsExactly(Result.ACCEPTED, Result.ACCEPTED);
    }
  }

  @Test
  void aFailingReloadDoesNotEscapeTheSignalThread() {
    assertThatCode(
            () ->
                HangupSignal.handler(
                        () -> {
                          throw new IllegalStateException("boom");
                        })
                    .handle(new Signal("HUP")))
        .doesNotThrowAnyException();
  }
}
